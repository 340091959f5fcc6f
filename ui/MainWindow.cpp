#include "ui/MainWindow.h"

#include "core/api/Error.h"
#include "imaging/BatchPlan.h"
#include "ui/AboutDialog.h"
#include "ui/BackgroundIo.h"
#include "ui/BatchRunner.h"
#include "ui/EngineController.h"
#include "ui/EvaluateDialog.h"
#include "ui/ImageConversion.h"
#include "ui/ImageStrip.h"
#include "ui/JobStatusBar.h"
#include "ui/LogDock.h"
#include "ui/MainActions.h"
#include "ui/MessageBar.h"
#include "ui/ModelLoadFailure.h"
#include "ui/ModelDownloadDialog.h"
#include "ui/ParameterPanel.h"
#include "ui/ProgressiveRun.h"
#include "ui/SettingsDialog.h"
#include "ui/sweep/SweepPanel.h"
#include "ui/training/TrainDomainPackWizard.h"
#include "ui/view/BeforeAfterView.h"
#include "ui/view/ViewToolBar.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMimeData>
#include <QStatusBar>
#include <QVBoxLayout>

#include <optional>

namespace fr2r::ui {
namespace {

QByteArray readResource(const QString& name)
{
    QFile file(name);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("FashionR2R Studio"));
    setAcceptDrops(true);
    m_engine = new EngineController(this);
    m_batch = new BatchRunner(m_engine, this);
    buildCentral();
    buildDocks();
    buildMenus();
    m_run = new ProgressiveRun(m_engine, m_view, m_status, this);
    m_sweep->setPreviewPolicy(&m_run->policy());
    applyPreviewSettings();
    connectEngine();
    connectRun();
    resize(1400, 860);
    restoreGeometry(m_settings.windowGeometry());
    restoreState(m_settings.windowState());
    m_params->setParams(m_settings.lastParams());
    m_sweep->setBaseParams(m_params->params());
    updateActions();
    loadModel();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildCentral()
{
    m_view = new BeforeAfterView;
    m_messages = new MessageBar;
    connect(m_view, &BeforeAfterView::filesDropped, this, &MainWindow::addFiles);
    connect(m_view, &BeforeAfterView::settingsRequested, this, &MainWindow::showSettings);
    connect(m_view, &BeforeAfterView::downloadRequested, this, &MainWindow::getBaseModel);

    auto* central = new QWidget;
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_messages);
    layout->addWidget(m_view, 1);
    layout->addWidget(new ViewToolBar(m_view));
    setCentralWidget(central);

    m_status = new JobStatusBar;
    statusBar()->addWidget(m_status, 1);
    connect(m_status, &JobStatusBar::cancelRequested, this, &MainWindow::cancelCurrent);
    connect(m_status, &JobStatusBar::cancelAllRequested, this, &MainWindow::cancelAll);
    m_modelLabel = new QLabel;
    m_modelLabel->setObjectName(QStringLiteral("modelLabel"));
    m_modelLabel->setToolTip(tr("The loaded model and where it runs; change it in Settings"));
    menuBar()->setCornerWidget(m_modelLabel);
}

void MainWindow::buildDocks()
{
    m_strip = new ImageStrip;
    m_stripDock = new QDockWidget(tr("Images"), this);
    m_stripDock->setObjectName(QStringLiteral("imagesDock"));
    m_stripDock->setWidget(m_strip);
    addDockWidget(Qt::LeftDockWidgetArea, m_stripDock);
    connect(m_strip, &ImageStrip::currentImageChanged, this, &MainWindow::loadInput);
    connect(m_strip, &ImageStrip::message, this, &MainWindow::showError);
    connect(m_strip, &ImageStrip::unreadable, this, [this](const QString& path, const QString& error) {
        showReadError(path, tr("%1 could not be read and was removed from the list.").arg(QFileInfo(path).fileName()),
                      error);
    });
    connect(m_strip, &ImageStrip::thumbnailsLoaded, this, &MainWindow::updateActions);

    m_params = new ParameterPanel;
    m_paramsDock = new QDockWidget(tr("Parameters"), this);
    m_paramsDock->setObjectName(QStringLiteral("parametersDock"));
    m_paramsDock->setWidget(m_params);
    addDockWidget(Qt::RightDockWidgetArea, m_paramsDock);
    connect(m_params, &ParameterPanel::paramsChanged, this, &MainWindow::onParamsChanged);
    connect(m_params, &ParameterPanel::translateRequested, this, &MainWindow::translateCurrent);

    m_sweep = new SweepPanel(m_engine, this);
    m_sweepDock = new QDockWidget(tr("Sweep"), this);
    m_sweepDock->setObjectName(QStringLiteral("sweepDock"));
    m_sweepDock->setWidget(m_sweep);
    addDockWidget(Qt::BottomDockWidgetArea, m_sweepDock);
    m_sweepDock->hide();
    connect(m_sweep, &SweepPanel::cellActivated, this,
            [this](const fr2r::ImageBuffer& image, const fr2r::core::RigParams& params,
                   const fr2r::core::RigMetadata& metadata) {
                m_result = image;
                m_resultParams = params;
                m_resultMetadata = metadata;
                m_params->setParams(params);
                m_view->setAfter(ImageConversion::toQImage(image));
                updateActions();
            });

    m_log = new LogDock(this);
    addDockWidget(Qt::BottomDockWidgetArea, m_log);
    m_log->hide();
    connect(m_messages, &MessageBar::detailsRequested, this, [this] {
        m_log->show();
        m_log->raise();
    });
}

void MainWindow::buildMenus()
{
    m_actions = std::make_unique<MainActions>(this, QList<QDockWidget*>{m_stripDock, m_paramsDock, m_sweepDock, m_log});
    connect(m_actions->open, &QAction::triggered, this, &MainWindow::openFiles);
    connect(m_actions->openResult, &QAction::triggered, this, &MainWindow::openResult);
    connect(m_actions->save, &QAction::triggered, this, &MainWindow::saveResult);
    connect(m_actions->getModel, &QAction::triggered, this, &MainWindow::getBaseModel);
    connect(m_actions->settings, &QAction::triggered, this, &MainWindow::showSettings);
    connect(m_actions->quit, &QAction::triggered, this, &QWidget::close);
    connect(m_actions->copy, &QAction::triggered, this, &MainWindow::copyResult);
    connect(m_actions->toggleBeforeAfter, &QAction::triggered, m_view, &BeforeAfterView::toggleBeforeAfter);
    connect(m_actions->fit, &QAction::triggered, m_view, &BeforeAfterView::fitToView);
    connect(m_actions->actualSize, &QAction::triggered, m_view, &BeforeAfterView::showActualPixels);
    connect(m_actions->translate, &QAction::triggered, this, &MainWindow::translateCurrent);
    connect(m_actions->translateAll, &QAction::triggered, this, &MainWindow::translateAll);
    connect(m_actions->cancel, &QAction::triggered, this, &MainWindow::cancelCurrent);
    connect(m_actions->cancelAll, &QAction::triggered, this, &MainWindow::cancelAll);
    connect(m_actions->sweep, &QAction::triggered, this, [this] { showSweep(false); });
    connect(m_actions->evaluate, &QAction::triggered, this, &MainWindow::showEvaluate);
    connect(m_actions->trainPack, &QAction::triggered, this, &MainWindow::showTrainDomainPack);
    connect(m_actions->about, &QAction::triggered, this, &MainWindow::showAbout);
}

void MainWindow::connectEngine()
{
    connect(m_engine, &EngineController::progressChanged, m_status,
            [this](quint64, const QString& phase, int step, int total, double eta) {
                m_status->showProgress(phase, step, total, eta);
            });
    connect(m_engine, &EngineController::busyChanged, m_status, &JobStatusBar::setBusy);
    connect(m_engine, &EngineController::logMessage, m_log, &LogDock::appendEngineMessage);
    connect(m_engine, &EngineController::modelLoaded, this, [this](quint64, const QString& description) {
        const QString pack = QString::fromStdString(m_loadSettings.packPath);
        setModelLabel(pack.isEmpty() ? description : tr("%1 · pack %2").arg(description, QFileInfo(pack).fileName()));
        m_view->setModelAvailable(true);
        showInfo(tr("Model ready: %1").arg(description));
        updateActions();
        if (!m_input.isNull() && m_params->autoUpdate())
            translateCurrent();
    });
    connect(m_engine, &EngineController::jobFailed, this, [this](quint64 job, const QString& message) {
        if (job == m_loadJob) {
            showModelProblem(tr("model failed to load"),
                             tr("The model failed to load: see the message above, or change it in File > Settings."));
            showError(modelLoadFailureText(message, m_loadSettings), message);
        }
    });
    connect(m_engine, &EngineController::jobCancelled, this, [this](quint64 job) {
        if (job == m_loadJob) {
            showModelProblem(tr("model not loaded"),
                             tr("Loading the model was cancelled: choose it again in File > Settings."));
            m_log->append(tr("Loading the model was cancelled."));
        }
    });
    connect(m_batch, &BatchRunner::progress, m_status, &JobStatusBar::showBatch);
    connect(m_batch, &BatchRunner::message, this, &MainWindow::showError);
    connect(m_batch, &BatchRunner::itemWritten, this,
            [this](const QString& path) { m_log->append(tr("Wrote %1").arg(QDir::toNativeSeparators(path))); });
    connect(m_batch, &BatchRunner::finished, this, [this](int written, int failed) {
        showInfo(tr("Translate all: %1 written, %2 not written.").arg(written).arg(failed));
        updateActions();
        if (m_modelChangePending) {
            m_modelChangePending = false;
            loadModel();
        }
    });
}

void MainWindow::connectRun()
{
    connect(m_run, &ProgressiveRun::previewShown, this, [this](const fr2r::core::RigParams& params) {
        m_result = {}; // a preview is never saved or copied as the result
        m_resultParams = params;
        updateActions();
    });
    connect(m_run, &ProgressiveRun::finished, this,
            [this](const fr2r::ImageBuffer& result, const fr2r::core::RigParams& params,
                   const fr2r::core::RigMetadata& metadata) {
                m_result = result;
                m_resultParams = params;
                m_resultMetadata = metadata;
                m_view->setAfter(ImageConversion::toQImage(result));
                updateActions();
                Q_EMIT resultShown();
            });
    connect(m_run, &ProgressiveRun::failed, this,
            [this](const QString& message) { showError(tr("The translation failed."), message); });
    connect(m_run, &ProgressiveRun::cancelled, this, [this] { m_log->append(tr("Translation cancelled.")); });
    connect(m_run, &ProgressiveRun::logMessage, this, [this](const QString& text) { m_log->append(text); });
}

void MainWindow::applyPreviewSettings()
{
    m_run->policy().setThreshold(m_settings.previewAfterSeconds());
    m_run->policy().setPreviewSide(m_settings.previewSide());
}

// The menu bar sizes its corner widget only when it lays itself out: set the label again so the new text fits.
void MainWindow::setModelLabel(const QString& text)
{
    m_modelLabel->setText(text);
    menuBar()->setCornerWidget(m_modelLabel);
}

void MainWindow::loadModel()
{
    fr2r::core::EngineSettings settings = m_settings.engineSettings();
    // The app embeds CLIP's vocabulary (resources/clip) for single-file checkpoints.
    settings.shippedVocabJson = readResource(QStringLiteral(":/clip/vocab.json")).toStdString();
    settings.shippedMerges = readResource(QStringLiteral(":/clip/merges.txt")).toStdString();
    if (settings.modelPath.empty()) {
        m_view->setModelAvailable(false);
        setModelLabel(tr("no model"));
        showInfo(tr("No model is set yet: choose the base model and the negative embedding in File > Settings, or "
                    "download Stable Diffusion 1.5 with File > Get the base model…"));
        return;
    }
    const QString problem = SettingsDialog::checkModelPath(QString::fromStdString(settings.modelPath));
    if (!problem.isEmpty()) {
        showModelProblem(tr("model failed to load"), problem);
        showError(tr("The saved model cannot be used: %1 Choose another in File > Settings.").arg(problem));
        return;
    }
    setModelLabel(tr("loading %1…").arg(QFileInfo(QString::fromStdString(settings.modelPath)).fileName()));
    m_loadSettings = settings;
    m_loadJob = m_engine->loadModel(settings);
}

void MainWindow::addFiles(const QStringList& paths)
{
    m_strip->addPaths(paths);
    updateActions();
}

void MainWindow::openFiles()
{
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Open images"), m_settings.lastDirectory(QStringLiteral("input")),
        tr("Images (*.png *.jpg *.jpeg *.tif *.tiff *.webp *.bmp)"));
    if (files.isEmpty())
        return;
    m_settings.setLastDirectory(QStringLiteral("input"), QFileInfo(files.first()).absolutePath());
    addFiles(files);
}

void MainWindow::loadInput(const QString& path)
{
    m_inputPath = path;
    const quint64 request = ++m_inputRequest;
    if (path.isEmpty())
        return;
    BackgroundIo::readImage(this, path, [this, request, path](const fr2r::ImageBuffer& image, const QString& error) {
        if (request != m_inputRequest)
            return;
        if (!error.isEmpty()) {
            showReadError(path, tr("%1 could not be read.").arg(QFileInfo(path).fileName()), error);
            return;
        }
        m_input = image;
        m_result = {};
        m_view->setBefore(ImageConversion::toQImage(image));
        m_run->abandon();
        m_sweep->setInput(image, path);
        updateActions();
        chooseAutoUpdate();
        if (m_engine->isModelLoaded() && m_params->autoUpdate())
            translateCurrent();
    });
}

void MainWindow::onParamsChanged(const fr2r::core::RigParams& params)
{
    m_settings.setLastParams(params);
    m_sweep->setBaseParams(params);
    if (!m_view->after().isNull())
        m_view->setAfterOutdated(params != m_resultParams);
    if (!m_batch->isRunning() && !m_input.isNull() && m_engine->isModelLoaded() && m_params->autoUpdate())
        translateCurrent();
}

// Automatic runs are for images this device shows a first result for in seconds (a preview where there is one),
// judged from the previous run's time.
void MainWindow::chooseAutoUpdate()
{
    const auto seconds = m_run->firstResultSeconds(m_input.width, m_input.height, m_params->params());
    const bool quick = !seconds || *seconds <= ParameterPanel::kAutoUpdateSeconds;
    m_params->setAutoUpdate(quick);
    if (!quick)
        showInfo(tr("This image takes about %1 s here, so it is translated when you press Translate "
                    "(or turn on Update automatically).")
                     .arg(qRound(*seconds)));
}

void MainWindow::translateCurrent()
{
    if (m_batch->isRunning())
        return;
    if (!m_engine->isModelLoaded()) {
        showInfo(tr("Choose a model first: File > Settings."));
        return;
    }
    if (m_input.isNull()) {
        showInfo(tr("Add an image first: drop it on the window or use File > Open."));
        return;
    }
    m_run->start(m_input, m_params->params(), m_inputPath);
}

void MainWindow::translateAll()
{
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Output folder for all results"),
                                                             m_settings.lastDirectory(QStringLiteral("output")));
    if (folder.isEmpty())
        return;
    m_settings.setLastDirectory(QStringLiteral("output"), folder);
    translateAllTo(folder);
}

void MainWindow::translateAllTo(const QString& outputFolder)
{
    if (!m_engine->isModelLoaded() || m_strip->count() == 0 || m_batch->isRunning())
        return;
    std::vector<fr2r::imaging::BatchSource> sources;
    for (int row = 0; row < m_strip->count(); ++row)
        sources.push_back({QDir::toNativeSeparators(m_strip->paths().at(row)).toStdString(),
                           m_strip->relativeName(row).toStdString()});
    std::optional<fr2r::imaging::BatchPlan> plan;
    try {
        plan.emplace(std::move(sources), QDir::toNativeSeparators(outputFolder).toStdString());
    } catch (const fr2r::Error& error) {
        showError(tr("Nothing was translated: %1").arg(QString::fromStdString(error.what())));
        return;
    }
    if (plan->renamedCount() > 0)
        showInfo(tr("%n image(s) share a result name with another and get a longer one (a.jpg: a.jpg.png).", "",
                    plan->renamedCount()));
    m_engine->cancelAll(); // the preview of the current image would only delay the batch
    m_batch->start(*plan, m_params->params());
    updateActions();
}

void MainWindow::cancelCurrent()
{
    if (m_engine->cancelCurrent())
        m_status->showCancelling();
}

void MainWindow::cancelAll()
{
    const bool busy = m_engine->isBusy();
    m_batch->cancelAll();
    m_engine->cancelAll();
    if (busy)
        m_status->showCancelling();
}

void MainWindow::saveResult()
{
    if (m_result.isNull())
        return;
    const QString suggested = QDir(m_settings.lastDirectory(QStringLiteral("output")))
                                  .filePath(QFileInfo(m_inputPath).completeBaseName() + QStringLiteral("_real.png"));
    const QString path = QFileDialog::getSaveFileName(this, tr("Save result"), suggested, tr("PNG images (*.png)"));
    if (path.isEmpty())
        return;
    m_settings.setLastDirectory(QStringLiteral("output"), QFileInfo(path).absolutePath());
    saveResultTo(path);
}

void MainWindow::saveResultTo(const QString& path)
{
    const auto done = [this, path](const QString& error) {
        if (error.isEmpty())
            showInfo(tr("Saved %1").arg(QDir::toNativeSeparators(path)));
        else
            showError(tr("The result could not be saved."), error);
    };
    BackgroundIo::writeResult(this, path, m_result, m_resultParams, m_resultMetadata, done);
}

void MainWindow::openResult()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open result"),
                                                      m_settings.lastDirectory(QStringLiteral("output")),
                                                      tr("PNG images (*.png)"));
    if (!path.isEmpty())
        openResultFrom(path);
}

void MainWindow::openResultFrom(const QString& path)
{
    BackgroundIo::readResultParams(this, path, [this, path](const fr2r::core::RigParams& params, const QString& error) {
        if (!error.isEmpty())
            return showError(tr("No parameters could be restored from %1.").arg(QFileInfo(path).fileName()), error);
        m_params->setParams(params);
        onParamsChanged(params);
        showInfo(tr("Parameters restored from %1").arg(QFileInfo(path).fileName()));
    });
}

void MainWindow::copyResult()
{
    if (!m_result.isNull())
        QApplication::clipboard()->setImage(ImageConversion::toQImage(m_result));
}

void MainWindow::showSettings()
{
    SettingsDialog dialog(m_settings, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QString language = m_settings.language();
    dialog.save(m_settings);
    applyPreviewSettings();
    if (m_settings.language() != language)
        showInfo(tr("The language changes when the application is started again."));
    reloadModel();
}

void MainWindow::getBaseModel()
{
    ModelDownloadDialog dialog(m_settings, this);
    if (dialog.exec() == QDialog::Accepted)
        reloadModel();
}

void MainWindow::reloadModel()
{
    if (m_batch->isRunning()) {
        // every result of a batch is computed by, and names, the model it started with
        m_modelChangePending = true;
        showInfo(tr("The new model is loaded when the running batch has finished."));
        return;
    }
    loadModel();
}

void MainWindow::showSweep(bool runAfterResult)
{
    m_sweepDock->show();
    m_sweepDock->raise();
    if (runAfterResult)
        connect(this, &MainWindow::resultShown, m_sweep, &SweepPanel::run, Qt::SingleShotConnection);
}

void MainWindow::showEvaluate()
{
    auto* dialog = new EvaluateDialog(m_engine, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

void MainWindow::showTrainDomainPack()
{
    if (auto* open = findChild<TrainDomainPackWizard*>()) {
        open->raise();
        open->activateWindow();
        return;
    }
    auto* wizard = new TrainDomainPackWizard(m_engine, m_settings, m_loadSettings, this);
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    connect(wizard, &TrainDomainPackWizard::packReady, this, &MainWindow::reloadModel);
    wizard->show();
}

void MainWindow::showAbout()
{
    auto* dialog = new AboutDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

void MainWindow::showError(const QString& text, const QString& details)
{
    m_messages->showError(text, details);
    m_log->append(text, details);
}

void MainWindow::showReadError(const QString& path, const QString& text, const QString& details)
{
    m_messages->showError(text, details,
                          {QStringLiteral("unreadable"), path,
                           [](int count) { return tr("%n files could not be read", nullptr, count); }});
    m_log->append(text, details);
}

void MainWindow::showInfo(const QString& text, const QString& details)
{
    m_messages->showInfo(text);
    m_log->append(text, details);
}

void MainWindow::showModelProblem(const QString& label, const QString& reason)
{
    setModelLabel(label);
    m_view->setModelAvailable(m_engine->isModelLoaded(), reason);
}

void MainWindow::updateActions()
{
    const bool ready = m_engine->isModelLoaded();
    m_actions->save->setEnabled(!m_result.isNull());
    m_actions->copy->setEnabled(!m_result.isNull());
    m_actions->translate->setEnabled(ready && !m_batch->isRunning());
    m_actions->translateAll->setEnabled(ready && m_strip->count() > 0 && !m_batch->isRunning());
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (auto* wizard = findChild<TrainDomainPackWizard*>(); wizard && !wizard->mayQuitApplication()) {
        event->ignore();
        return;
    }
    m_settings.setWindowLayout(saveGeometry(), saveState());
    m_batch->cancelAll();
    m_engine->cancelAll();
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    QStringList paths;
    for (const QUrl& url : event->mimeData()->urls())
        if (url.isLocalFile())
            paths << url.toLocalFile();
    event->acceptProposedAction();
    addFiles(paths);
}

} // namespace fr2r::ui
