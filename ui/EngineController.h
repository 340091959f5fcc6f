#pragma once

#include "core/api/EngineSettings.h"
#include "core/api/ImageBuffer.h"
#include "core/api/RigParams.h"
#include "core/diffusion/RigEngine.h"

#include <QObject>
#include <QString>
#include <QVector>

#include <memory>

Q_DECLARE_METATYPE(fr2r::ImageBuffer)
Q_DECLARE_METATYPE(fr2r::core::RigParams)

namespace fr2r::ui {

// The ui's only door to the core: owns a RigEngine and runs every job (load, translate, sweep)
// one after another on a worker thread (Qt Concurrent), reporting through queued signals.
// A new translate() supersedes a queued or running translate: the old one is cancelled and
// its late result is never emitted. Lives on the GUI thread; never blocks it.
class EngineController : public QObject
{
    Q_OBJECT

public:
    explicit EngineController(QObject* parent = nullptr);
    ~EngineController() override; // cancels everything and waits for the worker (within one UNet block)

    quint64 loadModel(const fr2r::core::EngineSettings& settings);
    quint64 translate(const fr2r::ImageBuffer& input, const fr2r::core::RigParams& params);
    quint64 sweep(const fr2r::ImageBuffer& input, const fr2r::core::RigParams& base, const QVector<double>& strengths,
                  const QVector<double>& gammas);

    bool cancelCurrent(); // false when nothing was left to cancel
    void cancelAll();
    bool isBusy() const;
    bool isModelLoaded() const;
    QString modelDescription() const;
    fr2r::core::RigMetadata modelMetadata() const; // the loaded model's part of result metadata (RigEngine::metadata)
    fr2r::core::RigStats stats() const; // as of the last finished job

Q_SIGNALS:
    void progressChanged(quint64 job, const QString& phase, int step, int total, double etaSeconds);
    void modelLoaded(quint64 job, const QString& description);
    void translated(quint64 job, const fr2r::ImageBuffer& result, const fr2r::core::RigParams& params);
    void sweepCellReady(quint64 job, double strength, double gamma, const fr2r::ImageBuffer& image);
    void sweepFinished(quint64 job);
    void jobFailed(quint64 job, const QString& message);
    void jobCancelled(quint64 job);
    void busyChanged(bool busy);

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace fr2r::ui
