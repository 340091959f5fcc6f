#include "ui/sweep/SweepPanel.h"

#include "core/api/Error.h"
#include "imaging/Ssim.h"
#include "ui/AsyncTask.h"
#include "ui/EngineController.h"
#include "ui/EvaluateDialog.h"
#include "ui/ImageConversion.h"
#include "ui/sweep/SweepGridAxis.h"
#include "ui/sweep/SweepGridModel.h"
#include "ui/sweep/SweepGridWidget.h"
#include "ui/sweep/TradeoffChart.h"

#include <QAction>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <optional>

namespace fr2r::ui {

namespace {

QAction* checkableAction(QMenu* menu, const QString& text, const QString& toolTip, const QString& name, bool checked)
{
    QAction* action = menu->addAction(text);
    action->setObjectName(name);
    action->setToolTip(toolTip);
    action->setCheckable(true);
    action->setChecked(checked);
    return action;
}

} // namespace

SweepPanel::SweepPanel(EngineController* engine, QWidget* parent)
    : QWidget(parent)
    , m_engine(engine)
    , m_model(new SweepGridModel(this))
    , m_grid(new SweepGridWidget(this))
    , m_chart(new TradeoffChart(this))
    , m_export(new SweepExport(this))
{
    setObjectName(QStringLiteral("sweepPanel"));
    m_grid->setModel(m_model);
    m_grid->setCaptionMetric(SweepGridModel::Ssim);
    m_chart->setModel(m_model);
    connect(m_chart, &TradeoffChart::metricChanged, m_grid, &SweepGridWidget::setCaptionMetric);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("sweepSplitter"));
    splitter->addWidget(m_grid);
    splitter->addWidget(m_chart);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(createControls());
    layout->addWidget(splitter, 1);

    connect(m_grid, &SweepGridWidget::cellActivated, this, &SweepPanel::activateCell);
    connect(m_export, &SweepExport::finished, this, [this](const QStringList& files) {
        QString text =
            tr("Saved %n file(s) next to %1.", nullptr, files.size()).arg(QFileInfo(files.value(0)).fileName());
        if (m_previewsLeftOut > 0)
            text += QLatin1Char(' ') + tr("%n preview cell(s) left out: export again when the sweep has finished.",
                                          nullptr, m_previewsLeftOut);
        showMessage(text, false);
        Q_EMIT exportFinished(files);
    });
    connect(m_export, &SweepExport::failed, this, [this](const QString& message) {
        showMessage(message, true);
        Q_EMIT errorOccurred(message);
    });
    connect(m_chart, &TradeoffChart::exported, this,
            [this](const QString& path) { showMessage(tr("Saved the chart as %1.").arg(QFileInfo(path).fileName()), false); });
    connect(m_chart, &TradeoffChart::exportFailed, this, [this](const QString& message) {
        showMessage(message, true);
        Q_EMIT errorOccurred(message);
    });
    connectEngine();
    validateLists();
}

SweepPanel::~SweepPanel() = default;

QWidget* SweepPanel::createControls()
{
    auto* controls = new QWidget(this);
    m_strengths = new QLineEdit(SweepGridAxis::format({0.3, 0.4, 0.5, 0.6, 0.7, 0.8}), controls);
    m_strengths->setObjectName(QStringLiteral("sweepStrengths"));
    m_strengths->setToolTip(tr("Denoising strengths, one grid row each, separated by commas (each above 0, at most 1)"));
    m_gammas = new QLineEdit(SweepGridAxis::format({0.0, 0.3, 0.6, 0.9}), controls);
    m_gammas->setObjectName(QStringLiteral("sweepGammas"));
    m_gammas->setToolTip(tr("TAC ratios γ, one grid column each, separated by commas (0 to 1)"));
    m_run = new QPushButton(tr("Run sweep"), controls);
    m_run->setObjectName(QStringLiteral("sweepRun"));
    m_run->setToolTip(tr("Generate every strength × γ combination for the current image (one inversion per strength)"));
    m_cancel = new QPushButton(tr("Cancel"), controls);
    m_cancel->setObjectName(QStringLiteral("sweepCancel"));
    m_cancel->setToolTip(tr("Stop the sweep; finished cells stay"));
    m_exportButton = createExportButton();
    m_message = new QLabel(controls);
    m_message->setObjectName(QStringLiteral("sweepMessage"));
    m_message->setWordWrap(true);
    m_progress = new QLabel(controls);
    m_progress->setObjectName(QStringLiteral("sweepProgress"));

    auto* strengthsLabel = new QLabel(tr("&Strengths:"), controls);
    strengthsLabel->setBuddy(m_strengths);
    auto* gammasLabel = new QLabel(tr("&Gammas:"), controls);
    gammasLabel->setBuddy(m_gammas);
    auto* row = new QHBoxLayout;
    row->addWidget(strengthsLabel);
    row->addWidget(m_strengths, 3);
    row->addWidget(gammasLabel);
    row->addWidget(m_gammas, 2);
    row->addWidget(m_run);
    row->addWidget(m_cancel);
    row->addWidget(m_exportButton);
    auto* status = new QHBoxLayout;
    status->addWidget(m_message, 1);
    status->addWidget(m_progress);
    auto* layout = new QVBoxLayout(controls);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(row);
    layout->addLayout(status);

    connect(m_strengths, &QLineEdit::textChanged, this, &SweepPanel::validateLists);
    connect(m_gammas, &QLineEdit::textChanged, this, &SweepPanel::validateLists);
    connect(m_strengths, &QLineEdit::returnPressed, this, &SweepPanel::run);
    connect(m_gammas, &QLineEdit::returnPressed, this, &SweepPanel::run);
    connect(m_run, &QPushButton::clicked, this, &SweepPanel::run);
    connect(m_cancel, &QPushButton::clicked, this, &SweepPanel::cancel);
    return controls;
}

QToolButton* SweepPanel::createExportButton()
{
    auto* button = new QToolButton(this);
    button->setObjectName(QStringLiteral("sweepExportButton"));
    button->setPopupMode(QToolButton::MenuButtonPopup);
    auto* menu = new QMenu(button);
    menu->setObjectName(QStringLiteral("sweepExportMenu"));
    QAction* exportGrid = new QAction(tr("Export grid…"), button);
    exportGrid->setObjectName(QStringLiteral("sweepExportGrid"));
    exportGrid->setToolTip(tr("Save the labelled grid as one PNG with the sweep's parameters inside"));
    connect(exportGrid, &QAction::triggered, this, &SweepPanel::chooseExportPath);
    button->setDefaultAction(exportGrid);
    menu->addAction(exportGrid);
    QAction* exportChart = menu->addAction(tr("Export chart…"));
    exportChart->setObjectName(QStringLiteral("sweepExportChart"));
    exportChart->setToolTip(tr("Save the trade-off chart as a PNG"));
    connect(exportChart, &QAction::triggered, this, &SweepPanel::chooseChartPath);
    menu->addSeparator();
    const SweepExport::Options defaults;
    m_includeInput = checkableAction(menu, tr("Include the input column"), tr("Show the rendered input as the first column"),
                                     QStringLiteral("sweepExportInput"), defaults.includeInput);
    m_captions = checkableAction(menu, tr("SSIM under each cell"), tr("Print each cell's SSIM to the input under it"),
                                 QStringLiteral("sweepExportCaptions"), defaults.captions);
    m_cellFiles = checkableAction(menu, tr("Also save each cell"), tr("Write every cell as its own PNG beside the grid"),
                                  QStringLiteral("sweepExportCells"), defaults.cellFiles);
    m_csv = checkableAction(menu, tr("Also save a CSV"), tr("Write strength, γ and the metrics of every cell as CSV"),
                            QStringLiteral("sweepExportCsv"), defaults.csv);
    button->setMenu(menu);
    return button;
}

void SweepPanel::connectEngine()
{
    connect(m_engine, &EngineController::sweepCellReady, this, &SweepPanel::onCellReady);
    connect(m_engine, &EngineController::progressChanged, this, &SweepPanel::onProgress);
    connect(m_engine, &EngineController::sweepFinished, this, [this](quint64 job) {
        if (job != 0 && job == m_previewJob) {
            m_previewJob = 0;
            return showMessage(tr("Every cell shown at the preview size; now each at full size…"), false);
        }
        if (job != m_job)
            return;
        finishJob();
        showMessage(tr("Sweep finished: %n cell(s).", nullptr, m_model->readyCount()), false);
    });
    connect(m_engine, &EngineController::lpipsMeasured, this, [this](quint64 job, double distance) {
        if (const auto cell = finishLpipsJob(job))
            m_model->setMetric(cell->y(), cell->x(), SweepGridModel::Lpips, distance);
    });
    connect(m_engine, &EngineController::jobCancelled, this, [this](quint64 job) {
        if (job != 0 && job == m_previewJob)
            m_previewJob = 0; // the full sweep of its group reports
        if (finishLpipsJob(job) || job != m_job)
            return;
        finishJob();
        QString text = tr("Sweep cancelled; %n finished cell(s) kept.", nullptr, m_model->finalCount());
        if (const int previews = m_model->readyCount() - m_model->finalCount(); previews > 0)
            text += QLatin1Char(' ') + tr("%n cell(s) stay previews.", nullptr, previews);
        showMessage(text, false);
    });
    connect(m_engine, &EngineController::jobFailed, this, [this](quint64 job, const QString& message) {
        if (finishLpipsJob(job)) {
            m_lpipsWeights.clear(); // the cells still to come of this sweep skip LPIPS
            return showMessage(tr("LPIPS is not shown: %1").arg(message), true);
        }
        if (job != 0 && job == m_previewJob) {
            m_previewJob = 0; // the full sweep still runs and reports
            return showMessage(tr("The preview sweep stopped: %1").arg(message), true);
        }
        if (job != m_job)
            return;
        finishJob();
        showMessage(tr("The sweep stopped: %1").arg(message), true);
        Q_EMIT errorOccurred(message);
    });
}

void SweepPanel::setInput(const fr2r::ImageBuffer& image, const QString& path)
{
    m_input = image;
    m_inputPath = path;
    m_inputName = QFileInfo(path).fileName();
    updateState();
}

void SweepPanel::setBaseParams(const fr2r::core::RigParams& params)
{
    m_base = params;
}

SweepExport::Options SweepPanel::exportOptions() const
{
    SweepExport::Options options;
    options.includeInput = m_includeInput->isChecked();
    options.captions = m_captions->isChecked();
    options.cellFiles = m_cellFiles->isChecked();
    options.csv = m_csv->isChecked();
    return options;
}

std::optional<QVector<double>> SweepPanel::validatedList(QLineEdit* edit, bool strengths, QString* error) const
{
    const SweepGridAxis axis = strengths ? SweepGridAxis::strengths() : SweepGridAxis::gammas();
    return axis.parse(edit->text(), error);
}

void SweepPanel::validateLists()
{
    QString error;
    const auto strengths = validatedList(m_strengths, true, &error);
    const auto gammas = strengths ? validatedList(m_gammas, false, &error) : std::nullopt;
    if (!error.isEmpty())
        showMessage(error, true);
    else
        showMessage(tr("%1 × %2 = %n cell(s), %1 inversion(s).", nullptr, int(strengths->size() * gammas->size()))
                        .arg(strengths->size())
                        .arg(gammas->size()),
                    false);
    updateState();
}

void SweepPanel::updateState()
{
    QString error;
    const bool listsValid = validatedList(m_strengths, true, &error) && validatedList(m_gammas, false, &error);
    m_run->setEnabled(listsValid && !isRunning() && !m_input.isNull());
    m_cancel->setEnabled(isRunning());
    m_exportButton->setEnabled(m_model->readyCount() > 0);
    m_grid->setRunning(isRunning() && m_showsJob);
}

void SweepPanel::showMessage(const QString& text, bool error)
{
    m_message->setText(text);
    QPalette palette = m_message->palette();
    palette.setColor(QPalette::WindowText, error ? QColor(200, 30, 30) : this->palette().color(QPalette::WindowText));
    m_message->setPalette(palette);
}

void SweepPanel::run()
{
    QString error;
    const auto strengths = validatedList(m_strengths, true, &error);
    const auto gammas = strengths ? validatedList(m_gammas, false, &error) : std::nullopt;
    if (!strengths || !gammas)
        return showMessage(error, true);
    if (m_input.isNull())
        return showMessage(tr("Open a render first: the sweep runs on the current image."), true);
    if (!m_engine->isModelLoaded())
        return showMessage(tr("Load a model first (File > Model settings)."), true);
    if (isRunning())
        return;
    // The last grid stays until this sweep has a cell to replace it with.
    m_next = {m_input, m_inputPath, m_inputName, m_base, {}, *strengths, *gammas};
    m_showsJob = false;
    m_lpipsWeights = EvaluateDialog::lpipsWeightsPath(); // LPIPS joins SSIM when its weights are configured
    const quint64 group = m_engine->newGroup();
    const auto plan = previewPlan(*strengths);
    if (plan)
        m_previewJob = m_engine->sweep(m_next.input, plan->preview, *strengths, *gammas, m_inputPath, group);
    m_job = m_engine->sweep(m_next.input, m_next.base, *strengths, *gammas, m_inputPath, group);
    showMessage(plan ? tr("Sweeping %1: %2.").arg(m_inputName, plan->reason) : tr("Sweeping %1…").arg(m_inputName),
                false);
    updateState();
}

// The slowest cell (the highest strength regenerates the most steps) decides.
std::optional<PreviewPolicy::Plan> SweepPanel::previewPlan(const QVector<double>& strengths) const
{
    if (!m_previewPolicy || strengths.isEmpty())
        return std::nullopt;
    fr2r::core::RigParams slowest = m_base;
    slowest.strength = *std::max_element(strengths.begin(), strengths.end());
    return m_previewPolicy->plan(m_input.width, m_input.height, slowest);
}

void SweepPanel::showNextGrid()
{
    ++m_generation;
    m_pendingMetrics = 0;
    m_lpipsJobs.clear();
    m_shown = m_next;
    m_showsJob = true;
    m_model->reset(m_shown.strengths, m_shown.gammas);
    m_grid->setInput(ImageConversion::toQImage(m_shown.input));
}

void SweepPanel::cancel()
{
    if (isRunning())
        m_engine->cancelCurrent();
}

void SweepPanel::finishJob()
{
    m_job = 0;
    m_progress->clear();
    updateState();
}

void SweepPanel::onProgress(quint64 job, const QString& phase, int step, int total, double etaSeconds)
{
    if (job == 0 || (job != m_job && job != m_previewJob))
        return;
    // Until its first cell arrives the grid on screen is the previous sweep's: count this one's cells.
    const int cells = int(m_next.strengths.size() * m_next.gammas.size());
    const bool preview = job == m_previewJob;
    const int done = !m_showsJob ? 0 : preview ? m_model->readyCount() : m_model->finalCount();
    QString text = (preview ? tr("Preview: %1 %2/%3 · %4 of %5 cells") : tr("%1 %2/%3 · %4 of %5 cells final"))
                       .arg(phase)
                       .arg(step)
                       .arg(total)
                       .arg(done)
                       .arg(cells);
    if (etaSeconds > 0)
        text += tr(" · %1 s left").arg(qRound(etaSeconds));
    m_progress->setText(text);
}

void SweepPanel::onCellReady(quint64 job, double strength, double gamma, const fr2r::ImageBuffer& image,
                             const fr2r::core::RigMetadata& metadata)
{
    if (job == 0 || (job != m_job && job != m_previewJob))
        return;
    if (!m_showsJob)
        showNextGrid();
    m_shown.metadata = metadata;
    const bool preview = job == m_previewJob;
    if (!m_model->setImage(strength, gamma, image, preview))
        return;
    if (!preview) // metrics are the final cells'
        computeMetrics(m_model->rowOf(strength), m_model->columnOf(gamma), image);
    updateState();
}

void SweepPanel::computeMetrics(int row, int column, const fr2r::ImageBuffer& image)
{
    const quint64 generation = m_generation;
    ++m_pendingMetrics;
    const auto ssim = [image, input = m_shown.input]() -> std::optional<double> {
        try {
            return fr2r::imaging::ssimWithResize(image, input).value;
        } catch (const fr2r::Error& error) {
            qWarning("SSIM skipped for a sweep cell: %s", error.what());
            return std::nullopt;
        }
    };
    AsyncTask::runThenCallback(ssim, this, [this, generation, row, column](const std::optional<double>& value) {
        if (generation != m_generation)
            return;
        --m_pendingMetrics;
        if (value)
            m_model->setMetric(row, column, SweepGridModel::Ssim, *value);
    });
    if (m_lpipsWeights.isEmpty())
        return;
    ++m_pendingMetrics;
    m_lpipsJobs.insert(m_engine->measureLpips(image, m_shown.input, m_lpipsWeights), QPoint(column, row));
}

// The cell an LPIPS job of the grid on screen was for, counted as answered; nullopt for any other job.
std::optional<QPoint> SweepPanel::finishLpipsJob(quint64 job)
{
    const auto found = m_lpipsJobs.constFind(job);
    if (found == m_lpipsJobs.constEnd())
        return std::nullopt;
    const QPoint cell = found.value();
    m_lpipsJobs.erase(found);
    --m_pendingMetrics;
    return cell;
}

void SweepPanel::activateCell(int row, int column)
{
    fr2r::core::RigParams params = m_shown.base;
    params.strength = m_model->strengths()[row];
    params.gamma = m_model->gammas()[column];
    Q_EMIT cellActivated(m_model->cell(row, column).image, params, m_shown.metadata);
}

void SweepPanel::exportTo(const QString& pngPath)
{
    if (m_model->readyCount() == 0)
        return showMessage(tr("Nothing to export yet: run a sweep first."), true);
    if (m_model->finalCount() == 0)
        return showMessage(tr("Nothing to export yet: every cell is still a preview."), true);
    m_previewsLeftOut = m_model->readyCount() - m_model->finalCount();
    showMessage(tr("Exporting…"), false);
    m_export->start(SweepExport::snapshot(*m_model, m_shown.input, m_shown.inputName, m_shown.base,
                                          m_shown.metadata, pngPath, exportOptions()));
}

void SweepPanel::chooseExportPath()
{
    const QString suggested = QFileInfo(m_shown.inputName).completeBaseName() + QStringLiteral("_sweep.png");
    const QString path = QFileDialog::getSaveFileName(this, tr("Export sweep grid"), suggested, tr("PNG images (*.png)"));
    if (!path.isEmpty())
        exportTo(path);
}

void SweepPanel::chooseChartPath()
{
    const QString suggested = QFileInfo(m_shown.inputName).completeBaseName() + QStringLiteral("_tradeoff.png");
    const QString path = QFileDialog::getSaveFileName(this, tr("Export trade-off chart"), suggested, tr("PNG images (*.png)"));
    if (!path.isEmpty())
        m_chart->exportPng(path, SweepExport::titleText(m_shown.inputName, QString::fromStdString(m_shown.metadata.modelName),
                                                        m_shown.base, m_model->resultSize()));
}

} // namespace fr2r::ui

#include "moc_SweepPanel.cpp"
