#include "ui/BatchRunner.h"

#include "core/api/Error.h"
#include "ui/BackgroundIo.h"
#include "ui/EngineController.h"

#include <QDir>

namespace fr2r::ui {
namespace {

QString fromNative(const std::string& path)
{
    return QDir::fromNativeSeparators(QString::fromStdString(path));
}

} // namespace

BatchRunner::BatchRunner(EngineController* engine, QObject* parent)
    : QObject(parent)
    , m_engine(engine)
{
    connect(m_engine, &EngineController::translated, this,
            [this](quint64 job, const fr2r::ImageBuffer& result, const fr2r::core::RigParams&,
                   const fr2r::core::RigMetadata& metadata) {
                if (m_running && job == m_job)
                    writeResult(result, metadata);
            });
    connect(m_engine, &EngineController::jobFailed, this, [this](quint64 job, const QString& error) {
        if (m_running && job == m_job)
            itemFailed(tr("%1 was not translated: %2").arg(itemName(), error), error);
    });
    connect(m_engine, &EngineController::jobCancelled, this, [this](quint64 job) {
        if (m_running && job == m_job)
            itemFinished(false); // Cancel skips this image; Cancel all has already stopped the batch
    });
}

void BatchRunner::start(const fr2r::imaging::BatchPlan& plan, const fr2r::core::RigParams& params)
{
    m_plan = plan;
    m_params = params;
    m_index = 0;
    m_written = 0;
    m_failed = 0;
    m_job = 0;
    ++m_batch;
    m_running = true;
    m_clock.start();
    next();
}

void BatchRunner::cancelAll()
{
    if (!m_running)
        return;
    m_running = false;
    m_job = 0;
    ++m_batch;
    m_engine->cancelAll();
    Q_EMIT finished(m_written, m_failed);
}

QString BatchRunner::itemName() const
{
    return fromNative(m_plan->items()[m_index].input);
}

void BatchRunner::next()
{
    if (!m_running)
        return;
    const int total = static_cast<int>(m_plan->items().size());
    const double eta = m_index > 0 ? m_clock.elapsed() / 1000.0 / m_index * (total - m_index) : -1.0;
    Q_EMIT progress(m_index, total, eta);
    if (m_index >= total) {
        m_running = false;
        Q_EMIT finished(m_written, m_failed);
        return;
    }
    BackgroundIo::readImage(this, fromNative(m_plan->items()[m_index].input),
                            [this, batch = m_batch, index = m_index](const fr2r::ImageBuffer& input, const QString& error) {
                                if (isCurrent(batch, index))
                                    translateLoaded(input, error);
                            });
}

void BatchRunner::translateLoaded(const fr2r::ImageBuffer& input, const QString& error)
{
    if (!error.isEmpty())
        itemFailed(tr("%1 could not be read and was skipped: %2").arg(itemName(), error), error);
    else
        m_job = m_engine->translate(input, m_params, itemName());
}

void BatchRunner::writeResult(const fr2r::ImageBuffer& result, const fr2r::core::RigMetadata& metadata)
{
    const fr2r::imaging::BatchItem& item = m_plan->items()[m_index];
    const QString output = fromNative(item.output);
    try {
        m_plan->checkOutput(item.output); // the last guard: never write over an input
    } catch (const fr2r::Error& error) {
        itemFailed(tr("%1 was not written: %2").arg(itemName(), QString::fromStdString(error.what())), {});
        return;
    }
    BackgroundIo::writeResult(this, output, result, m_params, metadata,
                              [this, output, result, batch = m_batch, index = m_index](const QString& error) {
                                  if (!isCurrent(batch, index))
                                      return;
                                  if (!error.isEmpty()) {
                                      itemFailed(tr("%1 could not be written: %2")
                                                     .arg(QDir::toNativeSeparators(output), error), error);
                                      return;
                                  }
                                  Q_EMIT itemWritten(output, result);
                                  itemFinished(true);
                              });
}

void BatchRunner::itemFailed(const QString& text, const QString& details)
{
    Q_EMIT message(text, details);
    itemFinished(false);
}

void BatchRunner::itemFinished(bool written)
{
    (written ? m_written : m_failed) += 1;
    m_job = 0;
    ++m_index;
    next();
}

} // namespace fr2r::ui
