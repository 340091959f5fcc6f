#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <type_traits>
#include <utility>

namespace fr2r::ui::AsyncTask {

// The ui's one way to run short, non-LibTorch work (file reads and writes, decoding) off the GUI thread, after
// KeePassXC's AsyncTask::runThenCallback: task runs on pool, then callback(result) runs on context's thread. The
// watcher is context's child, so once context is destroyed the callback never runs (the task still finishes, its
// result dropped): task must not touch context. Call from context's thread. LibTorch work goes through
// EngineController instead.
template <typename Task, typename Callback>
void runThenCallback(QThreadPool* pool, Task task, QObject* context, Callback callback)
{
    using Result = std::invoke_result_t<Task>;
    auto* watcher = new QFutureWatcher<Result>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context,
                     [watcher, callback = std::move(callback)]() mutable {
                         watcher->deleteLater();
                         if constexpr (std::is_void_v<Result>)
                             callback();
                         else
                             callback(watcher->result());
                     });
    watcher->setFuture(QtConcurrent::run(pool, std::move(task)));
}

// The same on Qt's global pool.
template <typename Task, typename Callback>
void runThenCallback(Task task, QObject* context, Callback callback)
{
    runThenCallback(QThreadPool::globalInstance(), std::move(task), context, std::move(callback));
}

} // namespace fr2r::ui::AsyncTask
