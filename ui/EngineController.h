#pragma once

#include "core/api/EngineSettings.h"
#include "core/api/ImageBuffer.h"
#include "core/api/JobLog.h"
#include "core/api/RigMetadata.h"
#include "core/api/RigParams.h"
#include "core/diffusion/RigEngine.h"
#include "core/training/DomainPackTrainer.h"
#include "imaging/ImageFile.h"
#include "metrics/Evaluation.h"

#include <QObject>
#include <QString>
#include <QVector>

#include <memory>

Q_DECLARE_METATYPE(fr2r::ImageBuffer)
Q_DECLARE_METATYPE(fr2r::core::RigParams)
Q_DECLARE_METATYPE(fr2r::core::RigMetadata)
Q_DECLARE_METATYPE(fr2r::core::TrainingStage)

namespace fr2r::ui {

// The ui's only door to LibTorch: owns a RigEngine and runs every job that runs a network (load, translate, sweep,
// evaluate, sweep-cell LPIPS) one after another on one worker thread (Qt Concurrent), so two networks never
// compete for the cores or the memory; it reports through queued signals, the core's decisions through
// logMessage(). A new translate() supersedes a queued or running translate: the old one is cancelled and its late
// result is never emitted; other jobs wait their turn. Jobs submitted with one group (newGroup()) go together: a
// translate does not supersede the translates of its own group, and cancelCurrent() cancels the whole group (a
// preview and the full run it announces). Lives on the GUI thread; never blocks it.
class EngineController : public QObject
{
    Q_OBJECT

public:
    explicit EngineController(QObject* parent = nullptr);
    ~EngineController() override; // cancels everything and waits for the worker (within one UNet block)

    quint64 loadModel(const fr2r::core::EngineSettings& settings);
    quint64 newGroup(); // never 0, which is "no group"
    // inputPath names the file input came from: the result's metadata records its name and SHA-256.
    quint64 translate(const fr2r::ImageBuffer& input, const fr2r::core::RigParams& params, const QString& inputPath,
                      quint64 group = 0);
    quint64 sweep(const fr2r::ImageBuffer& input, const fr2r::core::RigParams& base, const QVector<double>& strengths,
                  const QVector<double>& gammas, const QString& inputPath, quint64 group = 0);
    // Tools > Evaluate: metrics::Evaluation with imaging's readers; answers evaluated().
    quint64 evaluate(const fr2r::metrics::EvaluationOptions& options, const fr2r::imaging::ReadOptions& readOptions);
    // LPIPS of a sweep cell against the input (resized to the cell); the scorer is loaded once per weights file.
    quint64 measureLpips(const fr2r::ImageBuffer& cell, const fr2r::ImageBuffer& input, const QString& weightsPath);

    // Trains a domain pack (both DKI stages) into job.packFolder; answers trained() or, cancelled, keeps the last
    // checkpoint. Jobs asked for meanwhile wait until it ends.
    quint64 trainDomainPack(const fr2r::core::DomainPackJob& job);
    // One measured LoRA step of job (nothing written); answers trainingProbed().
    quint64 probeTraining(const fr2r::core::DomainPackJob& job);
    // A paused training waits after its current step until resumed or cancelled.
    void setTrainingPaused(bool paused);
    bool isTrainingPaused() const;

    // cancelCurrent() and cancelAll() leave a training alone: its wizard stops it with cancelJob().
    bool cancelCurrent(); // false when nothing was left to cancel; cancels the current job's group with it
    void cancelJob(quint64 job); // that job only, queued or running
    void cancelAll();
    bool isBusy() const;
    bool isModelLoaded() const;
    QString modelDescription() const;
    fr2r::core::RigStats stats() const; // as of the last finished job

Q_SIGNALS:
    void progressChanged(quint64 job, const QString& phase, int step, int total, double etaSeconds);
    void modelLoaded(quint64 job, const QString& description);
    void translated(quint64 job, const fr2r::ImageBuffer& result, const fr2r::core::RigParams& params,
                    const fr2r::core::RigMetadata& metadata);
    void sweepCellReady(quint64 job, double strength, double gamma, const fr2r::ImageBuffer& image,
                        const fr2r::core::RigMetadata& metadata);
    void evaluated(quint64 job, const fr2r::metrics::EvaluationReport& report);
    void lpipsMeasured(quint64 job, double distance);
    void trainingProgress(quint64 job, fr2r::core::TrainingStage stage, qint64 step, qint64 total, double loss);
    void trainingPreview(quint64 job, fr2r::core::TrainingStage stage, qint64 step, const fr2r::ImageBuffer& image);
    void trained(quint64 job, const QString& packFolder);
    void trainingProbed(quint64 job, double secondsPerStep, qint64 peakBytes, bool deviceMemory);
    void logMessage(fr2r::core::LogLevel level, const QString& message); // what the core decided, and warnings
    void sweepFinished(quint64 job);
    void jobFailed(quint64 job, const QString& message);
    void jobCancelled(quint64 job);
    void busyChanged(bool busy);

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace fr2r::ui
