#include "ui/training/TrainDomainPackWizard.h"

#include "core/api/WorkingSize.h"
#include "imaging/ImageFile.h"
#include "imaging/ImageResize.h"
#include "imaging/TrainingImageFolder.h"
#include "ui/AppSettings.h"
#include "ui/AsyncTask.h"
#include "ui/EngineController.h"
#include "ui/ImageConversion.h"
#include "ui/training/BaseModelPage.h"
#include "ui/training/TrainingDataPage.h"
#include "ui/training/TrainingResultPage.h"
#include "ui/training/TrainingRunPage.h"
#include "ui/training/TrainingSettingsPage.h"

#include <QDir>
#include <QFileInfo>
#include <QMessageBox>

#include <algorithm>

namespace fr2r::ui {
namespace {

std::vector<fr2r::core::TrainingExample> readFolder(const QString& folder, int64_t resolution)
{
    return imaging::TrainingImageFolder::read(folder.toStdString(), static_cast<int>(resolution), "",
                                              imaging::TrainingImageFolder::kMinimumImages)
        .examples;
}

QString mebibytes(qint64 bytes)
{
    return QString::number(static_cast<double>(bytes) / (1024.0 * 1024.0), 'f', 0);
}

} // namespace

TrainDomainPackWizard::TrainDomainPackWizard(EngineController* engine, AppSettings& settings,
                                             const fr2r::core::EngineSettings& loaded, QWidget* parent)
    : QWizard(parent)
    , m_engine(engine)
    , m_settings(settings)
    , m_loaded(loaded)
    , m_modelPage(new BaseModelPage(QString::fromStdString(loaded.modelPath), engine->modelDescription()))
    , m_dataPage(new TrainingDataPage)
    , m_settingsPage(new TrainingSettingsPage)
    , m_runPage(new TrainingRunPage(engine))
    , m_resultPage(new TrainingResultPage)
{
    setObjectName(QStringLiteral("trainDomainPackWizard"));
    setWindowTitle(tr("Train domain pack"));
    resize(860, 680); // room for the thumbnails, the estimate and the loss curve
    setOption(QWizard::NoBackButtonOnLastPage);
    setOption(QWizard::NoCancelButtonOnLastPage);
    setPage(ModelPageId, m_modelPage);
    setPage(DataPageId, m_dataPage);
    setPage(SettingsPageId, m_settingsPage);
    setPage(RunPageId, m_runPage);
    setPage(ResultPageId, m_resultPage);
    m_settingsPage->setCommitPage(true);
    m_settingsPage->setButtonText(QWizard::CommitButton, tr("Train"));

    TrainingChoices last = m_settings.lastTraining();
    if (last.packFolder.isEmpty()) { // first run: a resolution the device can afford
        const int resolution = engine->modelDescription().contains(QStringLiteral("CUDA")) ? 512 : 256;
        last.lora.resolution = last.embedding.resolution = resolution;
    }
    m_modelPage->setOtherModel(last.baseModel);
    m_dataPage->setFolders(last.realFolder, last.renderedFolder, last.packFolder);
    m_settingsPage->setChoices(last);
    connect(m_settingsPage, &TrainingSettingsPage::estimateRequested, this, &TrainDomainPackWizard::estimate);
    connect(m_engine, &EngineController::trainingProbed, this,
            [this](quint64 job, double seconds, qint64 bytes, bool device) {
                if (job == m_probeJob)
                    showProbe(seconds, bytes, device);
            });
    connect(m_engine, &EngineController::jobFailed, this, [this](quint64 job, const QString& message) {
        if (job == m_probeJob)
            m_settingsPage->showEstimate(tr("The estimate failed: %1").arg(message));
    });
    connect(m_runPage, &TrainingRunPage::ended, this, &TrainDomainPackWizard::finishRun);
}

bool TrainDomainPackWizard::isTraining() const
{
    return m_runPage->isRunning();
}

TrainingChoices TrainDomainPackWizard::choices() const
{
    TrainingChoices choices;
    choices.baseModel = m_modelPage->usesLoadedModel() ? QString() : m_modelPage->modelPath();
    choices.realFolder = m_dataPage->realFolder();
    choices.renderedFolder = m_dataPage->renderedFolder();
    choices.packFolder = m_dataPage->packFolder();
    m_settingsPage->applyTo(choices);
    return choices;
}

// On a pool thread: decodes the images at the training resolution and the preview render at its size.
TrainDomainPackWizard::Prepared TrainDomainPackWizard::prepare(const TrainingChoices& choices,
                                                               const fr2r::core::EngineSettings& engine,
                                                               const fr2r::core::RigParams& previewParams, bool resume)
{
    Prepared prepared;
    fr2r::core::DomainPackJob& job = prepared.job;
    job.engine = engine;
    if (!choices.baseModel.isEmpty())
        job.engine.modelPath = choices.baseModel.toStdString();
    job.lora = choices.lora;
    job.embedding = choices.embedding;
    job.packFolder = choices.packFolder.toStdString();
    job.resume = resume;
    try {
        job.real = readFolder(choices.realFolder, job.lora.resolution);
        job.rendered = readFolder(choices.renderedFolder, job.lora.resolution);
        if (!choices.previewRender.isEmpty() && choices.previewEvery > 0) {
            const ImageBuffer render = imaging::readImage(choices.previewRender.toStdString());
            job.preview.params = previewParams;
            job.preview.params.workingSize = std::min(previewParams.workingSize, static_cast<int>(job.lora.resolution));
            const auto size = fr2r::core::WorkingSize::forImage(render.width, render.height, job.preview.params.workingSize);
            job.preview.render = imaging::resizeImage(render, size.width, size.height);
            job.preview.every = choices.previewEvery;
            prepared.before = ImageConversion::toQImage(job.preview.render);
        }
    } catch (const std::exception& error) {
        prepared.error = QString::fromStdString(error.what());
    }
    return prepared;
}

void TrainDomainPackWizard::prepareThen(std::function<void(const Prepared&)> then)
{
    const TrainingChoices chosen = choices();
    const bool resume = m_dataPage->resume();
    const fr2r::core::RigParams params = m_settings.lastParams(); // the panel's: the preview shows what they give
    AsyncTask::runThenCallback([chosen, engine = m_loaded, params, resume] { return prepare(chosen, engine, params, resume); },
                               this, std::move(then));
}

void TrainDomainPackWizard::estimate()
{
    prepareThen([this](const Prepared& prepared) {
        if (!prepared.error.isEmpty()) {
            m_settingsPage->showEstimate(prepared.error);
            return;
        }
        m_probedSteps = prepared.job.lora.steps + prepared.job.embedding.steps;
        m_probeJob = m_engine->probeTraining(prepared.job);
    });
}

void TrainDomainPackWizard::showProbe(double secondsPerStep, qint64 peakBytes, bool deviceMemory)
{
    const double minutes = secondsPerStep * static_cast<double>(m_probedSteps) / 60.0;
    const QString total = minutes >= 90 ? tr("%1 h").arg(minutes / 60.0, 0, 'f', 1) : tr("%1 min").arg(minutes, 0, 'f', 1);
    m_settingsPage->showEstimate(
        tr("%1 s per step, about %2 for all %3 steps; memory: %4 MiB (%5) above what the application holds.")
            .arg(secondsPerStep, 0, 'f', 2)
            .arg(total)
            .arg(m_probedSteps)
            .arg(mebibytes(peakBytes))
            .arg(deviceMemory ? tr("GPU") : tr("RAM")));
}

void TrainDomainPackWizard::initializePage(int id)
{
    QWizard::initializePage(id);
    if (id == RunPageId)
        startTraining();
}

void TrainDomainPackWizard::startTraining()
{
    m_settings.setLastTraining(choices());
    m_engine->cancelJob(m_probeJob);
    prepareThen([this](const Prepared& prepared) {
        if (!prepared.error.isEmpty()) {
            finishRun(false, prepared.error);
            return;
        }
        const quint64 job = m_engine->trainDomainPack(prepared.job);
        m_runPage->follow(job, prepared.job.lora.steps, prepared.job.embedding.steps, prepared.before);
    });
}

void TrainDomainPackWizard::finishRun(bool trained, const QString& message)
{
    if (trained) {
        fr2r::core::EngineSettings engine = m_settings.engineSettings();
        if (!m_modelPage->usesLoadedModel())
            engine.modelPath = m_modelPage->modelPath().toStdString();
        engine.packPath = message.toStdString();
        m_settings.setEngineSettings(engine);
        Q_EMIT packReady(message);
    }
    m_resultPage->showOutcome(
        trained, trained ? tr("The domain pack is saved in %1. It is now the domain pack in the settings, and the "
                              "main window loads the model with it.")
                               .arg(QDir::toNativeSeparators(message))
                         : message);
    if (m_closeAfterRun) {
        QWizard::reject();
        return;
    }
    if (currentId() == RunPageId)
        next();
}

bool TrainDomainPackWizard::mayQuitApplication()
{
    return !isTraining() ||
           QMessageBox::question(this, tr("Quit"),
                                 tr("A domain pack is being trained. Quit and stop it? The last checkpoint is kept: "
                                    "Tools › Train domain pack… resumes it.")) == QMessageBox::Yes;
}

void TrainDomainPackWizard::reject()
{
    if (!isTraining()) {
        m_engine->cancelJob(m_probeJob);
        QWizard::reject();
        return;
    }
    if (m_closeAfterRun)
        return; // already cancelling
    auto* question = new QMessageBox(QMessageBox::Question, tr("Train domain pack"),
                                     tr("Stop training? The last checkpoint is kept and can be resumed."),
                                     QMessageBox::Yes | QMessageBox::No, this);
    question->setObjectName(QStringLiteral("stopTrainingQuestion"));
    question->setAttribute(Qt::WA_DeleteOnClose);
    connect(question, &QMessageBox::finished, this, [this, question] {
        if (question->standardButton(question->clickedButton()) != QMessageBox::Yes || !isTraining())
            return;
        m_closeAfterRun = true; // closes when the cancel arrives, within one step
        m_engine->cancelJob(m_runPage->job());
    });
    question->open();
}

} // namespace fr2r::ui
