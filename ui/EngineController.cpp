#include "ui/EngineController.h"

#include "core/api/Error.h"
#include "imaging/EvaluationIo.h"
#include "imaging/ImageResize.h"
#include "metrics/LpipsScorer.h"
#include "ui/PhaseClock.h"
#include "ui/TranslationClock.h"

#include <QCoreApplication>
#include <QMutex>
#include <QMutexLocker>
#include <QThreadPool>
#include <QWaitCondition>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <functional>
#include <new>
#include <vector>

namespace fr2r::ui {
namespace {

using Stop = fr2r::core::StopFlag;
using Progress = fr2r::core::ProgressCallback;

QString phaseName(fr2r::core::RigPhase phase)
{
    switch (phase) {
    case fr2r::core::RigPhase::Loading:
        return EngineController::tr("Loading model");
    case fr2r::core::RigPhase::Encoding:
        return EngineController::tr("Encoding");
    case fr2r::core::RigPhase::Inverting:
        return EngineController::tr("Inverting");
    case fr2r::core::RigPhase::Generating:
        return EngineController::tr("Generating");
    case fr2r::core::RigPhase::Decoding:
        return EngineController::tr("Decoding");
    case fr2r::core::RigPhase::Evaluating:
        return EngineController::tr("Evaluating");
    case fr2r::core::RigPhase::Training:
        return EngineController::tr("Training");
    }
    return {};
}

} // namespace

class EngineController::Private
{
public:
    enum class Kind { Load, Translate, Sweep, Evaluate, Measure, Train };
    enum class Outcome { Done, Cancelled, Failed };
    struct Job
    {
        quint64 id = 0;
        Kind kind = Kind::Translate;
        std::shared_ptr<fr2r::core::StopFlag> stop;
        std::shared_ptr<JobClock> clock; // what the status bar shows of it
        quint64 group = 0;               // cancelled together with the other jobs of its group; 0: alone
    };
    // What a finished job hands to the GUI thread: emits its result there.
    using Delivery = std::function<void()>;
    using Work = std::function<Delivery(quint64 id, const Stop& stop, const Progress& progress)>;

    explicit Private(EngineController* owner)
        : q(owner)
    {
        pool.setMaxThreadCount(1); // jobs run strictly one after another
        pool.setExpiryTimeout(-1);
        log = [this](fr2r::core::LogLevel level, const std::string& message) {
            const QString text = QString::fromStdString(message);
            post([this, level, text] { Q_EMIT q->logMessage(level, text); });
        };
        engine.setLogCallback(log);
    }

    quint64 submit(Kind kind, Work work, std::shared_ptr<JobClock> clock = std::make_shared<PhaseClock>(),
                   quint64 group = 0);
    void run(const Job& job, const Work& work);
    void finish(const Job& job, Outcome outcome, const Delivery& deliver, const QString& failure);
    void post(std::function<void()> onGuiThread) { QMetaObject::invokeMethod(q, std::move(onGuiThread), Qt::QueuedConnection); }
    void recordStats();
    void updateBusy();
    void stopJobs(const std::function<bool(const Job&)>& which); // then wakes a paused training
    void waitWhilePaused(const Stop& stop);
    const fr2r::metrics::LpipsScorer& lpipsScorer(const std::string& weightsPath);

    EngineController* q;
    QThreadPool pool;
    fr2r::core::RigEngine engine; // used by the pool thread only
    fr2r::core::LogCallback log;  // called on the pool thread; emits logMessage() on the GUI thread
    std::unique_ptr<fr2r::metrics::LpipsScorer> lpips; // the sweep cells' scorer, pool thread only
    std::string lpipsPath;
    mutable QMutex mutex;         // guards jobs and stats
    // Submitted and not yet finished on the GUI thread, oldest first. A job leaves this list only when
    // its outcome reaches the GUI thread, so a cancel between "done on the worker" and "shown" still counts.
    std::vector<Job> jobs;
    fr2r::core::RigStats stats;
    quint64 nextId = 0;
    quint64 nextGroup = 0;
    bool busy = false;
    bool loaded = false;
    mutable QMutex pauseMutex; // guards paused
    QWaitCondition pauseEnded;
    bool paused = false;
    QString description;
};

quint64 EngineController::Private::submit(Kind kind, Work work, std::shared_ptr<JobClock> clock, quint64 group)
{
    Job job{++nextId, kind, std::make_shared<fr2r::core::StopFlag>(false), std::move(clock), group};
    {
        const QMutexLocker locker(&mutex);
        jobs.push_back(job);
    }
    (void)QtConcurrent::run(&pool, [this, job, work = std::move(work)] { run(job, work); });
    updateBusy();
    return job.id;
}

// Runs on the pool thread: the one place where core exceptions become messages.
void EngineController::Private::run(const Job& job, const Work& work)
{
    const quint64 id = job.id;
    Outcome outcome = Outcome::Failed;
    Delivery deliver;
    QString failure;
    const fr2r::core::JobLog::Scope logScope(log); // the metrics' decisions too, not only the engine's
    try {
        if (job.stop->load())
            throw fr2r::Cancelled();
        const fr2r::core::ProgressCallback progress = [this, job](const fr2r::core::RigProgress& p) {
            const JobPace pace = job.clock->update(p);
            const QString phase = phaseName(p.phase);
            post([this, job, phase, pace] {
                if (!job.stop->load()) // a cancelled job reports nothing more: "Cancelling…" stays
                    Q_EMIT q->progressChanged(job.id, phase, pace.done, pace.total, pace.secondsLeft);
            });
        };
        deliver = work(id, *job.stop, progress);
        outcome = Outcome::Done;
    } catch (const fr2r::Cancelled&) {
        outcome = Outcome::Cancelled;
    } catch (const std::bad_alloc&) {
        failure = EngineController::tr("Out of memory: lower the working size, or use fp16 on a GPU.");
    } catch (const std::exception& error) {
        failure = QString::fromStdString(error.what());
    } catch (...) {
        failure = EngineController::tr("An unknown error stopped the job.");
    }
    recordStats(); // before the outcome is posted, so that a slot reacting to it reads this job's counters
    post([this, job, outcome, deliver, failure] { finish(job, outcome, deliver, failure); });
}

// On the GUI thread. A translate or sweep cancelled after its work ended but before its result reached
// the GUI counts as cancelled: once the user has pressed Cancel, no result of that job appears.
void EngineController::Private::finish(const Job& job, Outcome outcome, const Delivery& deliver,
                                       const QString& failure)
{
    {
        const QMutexLocker locker(&mutex);
        jobs.erase(std::remove_if(jobs.begin(), jobs.end(), [&job](const Job& queued) { return queued.id == job.id; }),
                   jobs.end());
    }
    if (outcome == Outcome::Done && job.kind != Kind::Load && job.stop->load())
        outcome = Outcome::Cancelled;
    switch (outcome) {
    case Outcome::Done:
        deliver();
        break;
    case Outcome::Cancelled:
        Q_EMIT q->jobCancelled(job.id);
        break;
    case Outcome::Failed:
        Q_EMIT q->jobFailed(job.id, failure);
        break;
    }
    updateBusy();
}

void EngineController::Private::recordStats()
{
    const QMutexLocker locker(&mutex);
    stats = engine.stats();
}

const fr2r::metrics::LpipsScorer& EngineController::Private::lpipsScorer(const std::string& weightsPath)
{
    if (!lpips || lpipsPath != weightsPath) {
        lpips.reset(); // one network in memory at a time
        lpips = std::make_unique<fr2r::metrics::LpipsScorer>(weightsPath);
        lpipsPath = weightsPath;
    }
    return *lpips;
}

// On the pool thread, between training steps.
void EngineController::Private::waitWhilePaused(const Stop& stop)
{
    QMutexLocker locker(&pauseMutex);
    while (paused && !stop.load())
        pauseEnded.wait(&pauseMutex);
}

void EngineController::Private::stopJobs(const std::function<bool(const Job&)>& which)
{
    {
        const QMutexLocker locker(&mutex);
        for (const Job& job : jobs)
            if (which(job))
                job.stop->store(true);
    }
    const QMutexLocker locker(&pauseMutex);
    pauseEnded.wakeAll();
}

void EngineController::Private::updateBusy()
{
    bool nowBusy = false;
    {
        const QMutexLocker locker(&mutex);
        nowBusy = !jobs.empty();
    }
    if (nowBusy == busy)
        return;
    busy = nowBusy;
    Q_EMIT q->busyChanged(busy);
}

EngineController::EngineController(QObject* parent)
    : QObject(parent)
    , d(std::make_unique<Private>(this))
{
    qRegisterMetaType<fr2r::ImageBuffer>();
    qRegisterMetaType<fr2r::core::RigParams>();
    qRegisterMetaType<fr2r::core::TrainingStage>();
}

EngineController::~EngineController()
{
    d->stopJobs([](const Private::Job&) { return true; }); // training too: its last checkpoint stays
    d->pool.waitForDone();
}

quint64 EngineController::loadModel(const fr2r::core::EngineSettings& settings)
{
    return d->submit(Private::Kind::Load, [this, settings](quint64 id, const Stop& stop, const Progress& progress) {
        Private* p = d.get();
        try {
            p->engine.load(settings, progress, &stop);
        } catch (...) {
            const bool stillLoaded = p->engine.isLoaded();
            p->post([p, stillLoaded] { p->loaded = stillLoaded; });
            throw;
        }
        const QString description = QString::fromStdString(p->engine.description());
        return Private::Delivery([p, id, description] {
            p->loaded = true;
            p->description = description;
            Q_EMIT p->q->modelLoaded(id, description);
        });
    });
}

quint64 EngineController::newGroup()
{
    return ++d->nextGroup;
}

quint64 EngineController::translate(const fr2r::ImageBuffer& input, const fr2r::core::RigParams& params,
                                    const QString& inputPath, quint64 group)
{
    {
        const QMutexLocker locker(&d->mutex);
        for (const Private::Job& job : d->jobs)
            if (job.kind == Private::Kind::Translate && (group == 0 || job.group != group))
                job.stop->store(true); // superseded: its late result is never shown
    }
    const std::string path = inputPath.toStdString();
    const auto work = [this, input, params, path](quint64 id, const Stop& stop, const Progress& progress) {
        Private* p = d.get();
        fr2r::ImageBuffer result = p->engine.translate(input, params, progress, &stop);
        const fr2r::core::RigMetadata metadata = p->engine.metadata(path);
        return Private::Delivery([p, id, result = std::move(result), params, metadata] {
            Q_EMIT p->q->translated(id, result, params, metadata);
        });
    };
    return d->submit(Private::Kind::Translate, work, std::make_shared<TranslationClock>(params), group);
}

quint64 EngineController::sweep(const fr2r::ImageBuffer& input, const fr2r::core::RigParams& base,
                                const QVector<double>& strengths, const QVector<double>& gammas,
                                const QString& inputPath, quint64 group)
{
    const std::vector<double> s(strengths.begin(), strengths.end());
    const std::vector<double> g(gammas.begin(), gammas.end());
    const std::string path = inputPath.toStdString();
    const auto work = [this, input, base, s, g, path](quint64 id, const Stop& stop, const Progress& progress) {
        Private* p = d.get();
        const fr2r::core::RigMetadata metadata = p->engine.metadata(path);
        // Finished cells are shown even if the sweep is cancelled later: they are kept.
        const fr2r::core::SweepCellCallback cellDone = [p, id, metadata](const fr2r::core::SweepCell& cell) {
            p->post([p, id, cell, metadata] {
                Q_EMIT p->q->sweepCellReady(id, cell.strength, cell.gamma, cell.image, metadata);
            });
        };
        p->engine.sweep(input, base, s, g, cellDone, progress, &stop);
        return Private::Delivery([p, id] { Q_EMIT p->q->sweepFinished(id); });
    };
    return d->submit(Private::Kind::Sweep, work, std::make_shared<PhaseClock>(), group);
}

quint64 EngineController::evaluate(const fr2r::metrics::EvaluationOptions& options,
                                   const fr2r::imaging::ReadOptions& readOptions)
{
    const auto work = [this, options, readOptions](quint64 id, const Stop& stop, const Progress& progress) {
        Private* p = d.get();
        const auto evaluationProgress = [&progress](const fr2r::metrics::EvaluationProgress& done) {
            progress({fr2r::core::RigPhase::Evaluating, done.done, done.total});
        };
        fr2r::metrics::EvaluationReport report =
            fr2r::metrics::Evaluation(options, fr2r::imaging::evaluationIo(readOptions)).run(evaluationProgress, &stop);
        return Private::Delivery([p, id, report = std::move(report)] { Q_EMIT p->q->evaluated(id, report); });
    };
    return d->submit(Private::Kind::Evaluate, work);
}

quint64 EngineController::measureLpips(const fr2r::ImageBuffer& cell, const fr2r::ImageBuffer& input,
                                       const QString& weightsPath)
{
    const std::string weights = weightsPath.toStdString();
    return d->submit(Private::Kind::Measure, [this, cell, input, weights](quint64 id, const Stop&, const Progress&) {
        Private* p = d.get();
        const double distance =
            p->lpipsScorer(weights).distance(cell, fr2r::imaging::resizeImage(input, cell.width, cell.height));
        return Private::Delivery([p, id, distance] { Q_EMIT p->q->lpipsMeasured(id, distance); });
    });
}

bool EngineController::cancelCurrent()
{
    // The current job is the oldest one still pending for the user: running, about to start, or done
    // on the worker with its result not yet shown. Superseded ones are already stopped; a training is its
    // wizard's to stop.
    const QMutexLocker locker(&d->mutex);
    const auto current = std::find_if(d->jobs.begin(), d->jobs.end(), [](const Private::Job& job) {
        return !job.stop->load() && job.kind != Private::Kind::Train;
    });
    if (current == d->jobs.end())
        return false;
    for (const Private::Job& job : d->jobs)
        if (job.id == current->id || (current->group != 0 && job.group == current->group))
            job.stop->store(true);
    return true;
}

void EngineController::cancelJob(quint64 job)
{
    d->stopJobs([job](const Private::Job& queued) { return queued.id == job; });
}

void EngineController::cancelAll()
{
    d->stopJobs([](const Private::Job& job) { return job.kind != Private::Kind::Train; });
}

quint64 EngineController::trainDomainPack(const fr2r::core::DomainPackJob& job)
{
    setTrainingPaused(false);
    const auto work = [this, job](quint64 id, const Stop& stop, const Progress& progress) {
        Private* p = d.get();
        const int64_t loraSteps = job.lora.steps;
        const int total = static_cast<int>(loraSteps + job.embedding.steps);
        const auto stepDone = [p, id, &stop, &progress, loraSteps, total](const fr2r::core::TrainingProgress& done) {
            const bool lora = done.stage == fr2r::core::TrainingStage::Lora;
            progress({fr2r::core::RigPhase::Training, static_cast<int>(lora ? done.step : loraSteps + done.step), total});
            p->post([p, id, done] { Q_EMIT p->q->trainingProgress(id, done.stage, done.step, done.total, done.loss); });
            p->waitWhilePaused(stop);
        };
        fr2r::core::DomainPackTrainer trainer;
        trainer.setLogCallback(p->log);
        trainer.setPreviewCallback([p, id](fr2r::core::TrainingStage stage, int64_t step, const fr2r::ImageBuffer& after) {
            p->post([p, id, stage, step, after] { Q_EMIT p->q->trainingPreview(id, stage, step, after); });
        });
        trainer.run(job, stepDone, &stop);
        const QString folder = QString::fromStdString(job.packFolder);
        return Private::Delivery([p, id, folder] { Q_EMIT p->q->trained(id, folder); });
    };
    return d->submit(Private::Kind::Train, work);
}

quint64 EngineController::probeTraining(const fr2r::core::DomainPackJob& job)
{
    return d->submit(Private::Kind::Measure, [this, job](quint64 id, const Stop& stop, const Progress&) {
        Private* p = d.get();
        fr2r::core::DomainPackTrainer trainer;
        trainer.setLogCallback(p->log);
        const fr2r::core::TrainingProbe probe = trainer.probe(job, &stop);
        return Private::Delivery([p, id, probe] {
            Q_EMIT p->q->trainingProbed(id, probe.secondsPerStep, probe.peakBytes, probe.deviceMemory);
        });
    });
}

void EngineController::setTrainingPaused(bool paused)
{
    const QMutexLocker locker(&d->pauseMutex);
    d->paused = paused;
    d->pauseEnded.wakeAll();
}

bool EngineController::isTrainingPaused() const
{
    const QMutexLocker locker(&d->pauseMutex);
    return d->paused;
}

bool EngineController::isBusy() const
{
    return d->busy;
}

bool EngineController::isModelLoaded() const
{
    return d->loaded;
}

QString EngineController::modelDescription() const
{
    return d->description;
}

fr2r::core::RigStats EngineController::stats() const
{
    const QMutexLocker locker(&d->mutex);
    return d->stats;
}

} // namespace fr2r::ui
