#include "ui/BatchRunner.h"

#include "ui/BackgroundIo.h"
#include "ui/EngineController.h"
#include "ui/ResultFile.h"

#include <QDir>

namespace fr2r::ui {

BatchRunner::BatchRunner(EngineController* engine, QObject* parent)
    : QObject(parent)
    , m_engine(engine)
{
    connect(m_engine, &EngineController::translated, this,
            [this](quint64 job, const fr2r::ImageBuffer& result) {
                if (m_running && job == m_job)
                    writeResult(result);
            });
    connect(m_engine, &EngineController::jobFailed, this, [this](quint64 job, const QString& error) {
        if (!m_running || job != m_job)
            return;
        Q_EMIT message(tr("%1 was not translated.").arg(m_items[m_index].relativeName), error);
        itemFinished(false);
    });
    connect(m_engine, &EngineController::jobCancelled, this, [this](quint64 job) {
        if (m_running && job == m_job)
            itemFinished(false); // Cancel skips this image; Cancel all has already stopped the batch
    });
}

void BatchRunner::start(const QVector<Item>& items, const fr2r::core::RigParams& params, const QString& outputFolder,
                        const fr2r::core::RigMetadata& metadata)
{
    m_items = items;
    m_params = params;
    m_outputFolder = outputFolder;
    m_metadata = metadata;
    m_index = 0;
    m_written = 0;
    m_failed = 0;
    m_running = true;
    m_clock.start();
    next();
}

void BatchRunner::cancelAll()
{
    if (!m_running)
        return;
    m_running = false;
    m_engine->cancelAll();
    Q_EMIT finished(m_written, m_failed);
}

void BatchRunner::next()
{
    if (!m_running)
        return;
    const int total = static_cast<int>(m_items.size());
    const double eta = m_index > 0 ? m_clock.elapsed() / 1000.0 / m_index * (total - m_index) : -1.0;
    Q_EMIT progress(m_index, total, eta);
    if (m_index >= total) {
        m_running = false;
        Q_EMIT finished(m_written, m_failed);
        return;
    }
    BackgroundIo::readImage(this, m_items[m_index].path, [this](const fr2r::ImageBuffer& input, const QString& error) {
        translateLoaded(input, error);
    });
}

void BatchRunner::translateLoaded(const fr2r::ImageBuffer& input, const QString& error)
{
    if (!m_running)
        return;
    if (!error.isEmpty()) {
        Q_EMIT message(tr("%1 could not be read and was skipped.").arg(m_items[m_index].relativeName), error);
        itemFinished(false);
        return;
    }
    m_job = m_engine->translate(input, m_params);
}

void BatchRunner::writeResult(const fr2r::ImageBuffer& result)
{
    const QString output = ResultFile::outputPath(m_outputFolder, m_items[m_index].relativeName);
    fr2r::core::RigMetadata metadata = m_metadata;
    metadata.sourceFile = m_items[m_index].relativeName.toStdString();
    BackgroundIo::writeResult(this, output, result, m_params, metadata, [this, output, result](const QString& error) {
        if (!m_running)
            return;
        if (error.isEmpty())
            Q_EMIT itemWritten(output, result);
        else
            Q_EMIT message(tr("%1 could not be written.").arg(QDir::toNativeSeparators(output)), error);
        itemFinished(error.isEmpty());
    });
}

void BatchRunner::itemFinished(bool written)
{
    (written ? m_written : m_failed) += 1;
    m_job = 0;
    ++m_index;
    next();
}

} // namespace fr2r::ui
