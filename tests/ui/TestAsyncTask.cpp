#include "ui/AsyncTask.h"

#include <QSemaphore>
#include <QThread>
#include <QThreadPool>
#include <QtTest>

#include <memory>

using fr2r::ui::AsyncTask::runThenCallback;

class TestAsyncTask : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void resultComesBackOnTheContextThread();
    void noCallbackAfterTheContextIsGone();
};

void TestAsyncTask::resultComesBackOnTheContextThread()
{
    QObject context;
    QThread* workerThread = nullptr;
    QThread* callbackThread = nullptr;
    int result = 0;
    runThenCallback(
        [&workerThread] {
            workerThread = QThread::currentThread();
            return 42;
        },
        &context,
        [&](int value) {
            callbackThread = QThread::currentThread();
            result = value;
        });
    QTRY_COMPARE(result, 42);
    QVERIFY(workerThread != QThread::currentThread());
    QCOMPARE(callbackThread, QThread::currentThread());
}

void TestAsyncTask::noCallbackAfterTheContextIsGone()
{
    QThreadPool pool;
    QSemaphore release;
    bool ran = false;
    bool called = false;
    auto context = std::make_unique<QObject>();
    runThenCallback(
        &pool,
        [&release, &ran] {
            release.acquire(); // finishes only after the context is destroyed
            ran = true;
        },
        context.get(), [&called] { called = true; });
    context.reset();
    release.release();
    QVERIFY(pool.waitForDone(10000));
    QCoreApplication::processEvents();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    QVERIFY(ran);
    QVERIFY(!called);
}

QTEST_GUILESS_MAIN(TestAsyncTask)
#include "TestAsyncTask.moc"
