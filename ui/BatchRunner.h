#pragma once

#include "core/api/ImageBuffer.h"
#include "core/api/RigMetadata.h"
#include "core/api/RigParams.h"
#include "imaging/BatchPlan.h"
#include "ui/EngineController.h" // also declares the metatypes of the signals below

#include <QElapsedTimer>
#include <QObject>
#include <QString>

#include <optional>

namespace fr2r::ui {

// "Translate all": one image after another through the engine with the same parameters, each result
// written as a PNG with metadata where the batch plan says. Every callback carries the batch and the
// item it was started for, so a late answer of a cancelled batch or item never counts for another.
class BatchRunner : public QObject
{
    Q_OBJECT

public:
    BatchRunner(EngineController* engine, QObject* parent = nullptr);

    void start(const fr2r::imaging::BatchPlan& plan, const fr2r::core::RigParams& params);
    void cancelAll();
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    void progress(int done, int total, double etaSeconds);
    void itemWritten(const QString& outputPath, const fr2r::ImageBuffer& image);
    void message(const QString& text, const QString& details);
    void finished(int written, int failed);

private:
    void next();
    bool isCurrent(quint64 batch, int index) const { return m_running && batch == m_batch && index == m_index; }
    void itemFailed(const QString& text, const QString& details);
    void itemFinished(bool written);
    void translateLoaded(const fr2r::ImageBuffer& input, const QString& error);
    void writeResult(const fr2r::ImageBuffer& result, const fr2r::core::RigMetadata& metadata);
    QString itemName() const;

    EngineController* m_engine;
    std::optional<fr2r::imaging::BatchPlan> m_plan;
    fr2r::core::RigParams m_params;
    int m_index = 0;
    int m_written = 0;
    int m_failed = 0;
    quint64 m_batch = 0; // changes with every start and cancel
    quint64 m_job = 0;
    bool m_running = false;
    QElapsedTimer m_clock;
};

} // namespace fr2r::ui
