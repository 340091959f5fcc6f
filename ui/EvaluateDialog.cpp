#include "ui/EvaluateDialog.h"

#include "core/api/Error.h"
#include "ui/AppSettings.h"
#include "ui/EngineController.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace fr2r::ui {

const QString EvaluateDialog::kLpipsWeightsKey = QStringLiteral("metrics/lpipsWeights");
const QString EvaluateDialog::kInceptionWeightsKey = QStringLiteral("metrics/inceptionWeights");

namespace {

const QString kDeviceKey = QStringLiteral("evaluate/device");


QString meanStd(double mean, double std, int digits)
{
    return QStringLiteral("%1 (%2)").arg(QString::number(mean, 'f', digits), QString::number(std, 'f', digits));
}

QTableWidgetItem* cell(const QString& text)
{
    auto* item = new QTableWidgetItem(text);
    item->setFlags(item->flags() & ~Qt::ItemIsEditable);
    return item;
}

} // namespace

QString EvaluateDialog::lpipsWeightsPath()
{
    const QString path = QSettings().value(kLpipsWeightsKey).toString();
    return !path.isEmpty() && QFileInfo(path).isFile() ? path : QString();
}

EvaluateDialog::EvaluateDialog(EngineController* engine, QWidget* parent)
    : QDialog(parent)
    , m_engine(engine)
{
    setObjectName(QStringLiteral("evaluateDialog"));
    setWindowTitle(tr("Evaluate"));
    auto* form = new QFormLayout;
    m_generated = addPathRow(form, tr("Generated images:"), QStringLiteral("generatedDir"),
                             QStringLiteral("evaluate/generatedDir"), tr("Folder of translated images"), true);
    m_rendered = addPathRow(form, tr("Rendered inputs:"), QStringLiteral("renderedDir"),
                            QStringLiteral("evaluate/renderedDir"),
                            tr("Folder of the rendered inputs; files pair by relative path, any image extension"), true);
    m_real = addPathRow(form, tr("Real photos (KID):"), QStringLiteral("realDir"), QStringLiteral("evaluate/realDir"),
                        tr("Folder of real photos for KID; leave empty to skip KID"), true);
    m_lpipsWeights = addPathRow(form, tr("LPIPS weights:"), QStringLiteral("lpipsWeights"), kLpipsWeightsKey,
                                tr("lpips_alex.safetensors (see the README, Evaluation); leave empty to skip LPIPS"),
                                false);
    m_inceptionWeights = addPathRow(form, tr("Inception weights:"), QStringLiteral("inceptionWeights"),
                                    kInceptionWeightsKey,
                                    tr("fid_inception.safetensors (see the README, Evaluation); needed for KID"), false);
    m_device = new QComboBox;
    m_device->setObjectName(QStringLiteral("evaluateDevice"));
    m_device->setToolTip(tr("Where the metric networks run; Auto picks CUDA when a GPU is available"));
    m_device->addItem(tr("Auto"), int(core::DeviceChoice::Auto));
    m_device->addItem(tr("CPU"), int(core::DeviceChoice::Cpu));
    m_device->addItem(tr("CUDA"), int(core::DeviceChoice::Cuda));
    m_device->setCurrentIndex(qMax(0, m_device->findData(QSettings().value(kDeviceKey, 0).toInt())));
    form->addRow(tr("Device:"), m_device);

    m_run = new QPushButton(tr("&Evaluate"));
    m_run->setObjectName(QStringLiteral("evaluateRun"));
    m_run->setToolTip(tr("Compute SSIM, LPIPS and KID on a background thread"));
    m_cancel = new QPushButton(tr("&Cancel"));
    m_cancel->setObjectName(QStringLiteral("evaluateCancel"));
    m_cancel->setToolTip(tr("Stop the running evaluation"));
    m_export = new QPushButton(tr("Export &CSV…"));
    m_export->setObjectName(QStringLiteral("evaluateExportCsv"));
    m_export->setToolTip(tr("Save the per-image values as a CSV file"));
    m_progress = new QProgressBar;
    m_progress->setObjectName(QStringLiteral("evaluateProgress"));
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_run);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_progress, 1);
    buttons->addWidget(m_export);

    m_summary = new QLabel;
    m_summary->setObjectName(QStringLiteral("evaluateSummary"));
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message = new QLabel;
    m_message->setObjectName(QStringLiteral("evaluateMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setStyleSheet(QStringLiteral("color: #b00020"));
    m_message->hide();
    m_table = new QTableWidget(0, 5);
    m_table->setObjectName(QStringLiteral("evaluateTable"));
    m_table->setToolTip(tr("Per-image values; the last row holds the mean and (population) standard deviation"));
    m_table->setHorizontalHeaderLabels({tr("Generated"), tr("Rendered"), tr("SSIM"), tr("LPIPS"), tr("Resized")});
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->setSortingEnabled(false);
    m_notes = new QPlainTextEdit;
    m_notes->setObjectName(QStringLiteral("evaluateNotes"));
    m_notes->setToolTip(tr("Files that were not paired or could not be read, and warnings"));
    m_notes->setReadOnly(true);
    m_notes->setMaximumHeight(100);
    auto* close = new QDialogButtonBox(QDialogButtonBox::Close);
    close->button(QDialogButtonBox::Close)->setObjectName(QStringLiteral("evaluateClose"));
    close->button(QDialogButtonBox::Close)->setToolTip(tr("Close the dialog; a running evaluation is cancelled"));

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(m_message);
    layout->addWidget(m_summary);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_notes);
    layout->addWidget(close);
    resize(760, 600);

    connect(m_run, &QPushButton::clicked, this, &EvaluateDialog::start);
    connect(m_cancel, &QPushButton::clicked, this, &EvaluateDialog::cancel);
    connect(m_export, &QPushButton::clicked, this, &EvaluateDialog::chooseCsvFile);
    connect(close, &QDialogButtonBox::rejected, this, &EvaluateDialog::reject);
    connectEngine();
    updateState();
}

EvaluateDialog::~EvaluateDialog()
{
    cancel();
}

void EvaluateDialog::connectEngine()
{
    connect(m_engine, &EngineController::progressChanged, this,
            [this](quint64 job, const QString& phase, int done, int total, double) {
                if (job != m_job)
                    return;
                m_progress->setRange(0, total);
                m_progress->setValue(done);
                m_progress->setFormat(tr("%1: %v of %m").arg(phase));
            });
    connect(m_engine, &EngineController::evaluated, this,
            [this](quint64 job, const metrics::EvaluationReport& report) {
                if (job != m_job)
                    return;
                showReport(report);
                finish(true, tr("Done"));
            });
    connect(m_engine, &EngineController::jobCancelled, this, [this](quint64 job) {
        if (job == m_job)
            finish(false, tr("Cancelled"));
    });
    connect(m_engine, &EngineController::jobFailed, this, [this](quint64 job, const QString& error) {
        if (job == m_job)
            finish(false, tr("Failed"), error);
    });
}

QLineEdit* EvaluateDialog::addPathRow(QFormLayout* form, const QString& label, const QString& name, const QString& key,
                                      const QString& tip, bool folder)
{
    auto* edit = new QLineEdit(QSettings().value(key).toString());
    edit->setObjectName(name);
    edit->setToolTip(tip);
    edit->setProperty("settingsKey", key);
    auto* browse = new QToolButton;
    browse->setObjectName(name + QStringLiteral("Browse"));
    browse->setText(tr("…"));
    browse->setToolTip(tip);
    connect(browse, &QToolButton::clicked, this, [this, edit, label, folder] {
        const QString path = folder ? QFileDialog::getExistingDirectory(this, label, edit->text())
                                    : QFileDialog::getOpenFileName(this, label, edit->text(),
                                                                   tr("Safetensors (*.safetensors)"));
        if (!path.isEmpty())
            edit->setText(path);
    });
    auto* row = new QHBoxLayout;
    row->addWidget(edit, 1);
    row->addWidget(browse);
    form->addRow(label, row);
    return edit;
}

metrics::EvaluationOptions EvaluateDialog::options() const
{
    metrics::EvaluationOptions options;
    options.generatedDir = m_generated->text().trimmed().toStdString();
    options.renderedDir = m_rendered->text().trimmed().toStdString();
    options.realDir = m_real->text().trimmed().toStdString();
    options.lpipsWeights = m_lpipsWeights->text().trimmed().toStdString();
    options.inceptionWeights = m_inceptionWeights->text().trimmed().toStdString();
    options.device = core::DeviceChoice(m_device->currentData().toInt());
    return options;
}

void EvaluateDialog::saveSettings() const
{
    QSettings settings;
    for (const QLineEdit* edit : {m_generated, m_rendered, m_real, m_lpipsWeights, m_inceptionWeights})
        settings.setValue(edit->property("settingsKey").toString(), edit->text().trimmed());
    settings.setValue(kDeviceKey, m_device->currentData());
}

bool EvaluateDialog::isRunning() const
{
    return m_job != 0;
}

void EvaluateDialog::start()
{
    if (isRunning())
        return;
    if (m_generated->text().trimmed().isEmpty() || m_rendered->text().trimmed().isEmpty()) {
        showProblem(tr("Choose the folders in Generated images and Rendered inputs."));
        return;
    }
    showProblem(QString());
    saveSettings();
    m_progress->setRange(0, 0);
    m_progress->setFormat(m_engine->isBusy() ? tr("Waiting for the running job…") : tr("Loading…"));
    m_job = m_engine->evaluate(options(), AppSettings().imageReadOptions());
    updateState();
}

void EvaluateDialog::cancel()
{
    if (m_job != 0)
        m_engine->cancelJob(m_job);
}

void EvaluateDialog::reject()
{
    cancel();
    QDialog::reject();
}

// state: what the progress bar says; error: why the evaluation failed, empty when it did not.
void EvaluateDialog::finish(bool success, const QString& state, const QString& error)
{
    m_job = 0;
    m_progress->setRange(0, 1);
    m_progress->setValue(success ? 1 : 0);
    m_progress->setFormat(state);
    if (!error.isEmpty())
        showProblem(tr("The evaluation failed: %1").arg(inDialogTerms(error)));
    updateState();
    Q_EMIT evaluationFinished(success);
}

// metrics' messages point to the CLI's flags; this dialog has fields instead.
QString EvaluateDialog::inDialogTerms(QString message) const
{
    const std::pair<QString, QString> fields[] = {{QStringLiteral("--lpips-weights"), tr("LPIPS weights")},
                                                  {QStringLiteral("--inception-weights"), tr("Inception weights")}};
    for (const auto& [flag, field] : fields) {
        const QRegularExpression hint(QStringLiteral("set (them|the right file) in Settings or ") + flag);
        message.replace(hint, tr("choose the right file in %1").arg(field));
    }
    return message;
}

void EvaluateDialog::showProblem(const QString& text)
{
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
}

void EvaluateDialog::showReport(const metrics::EvaluationReport& report)
{
    m_report = report;
    const auto& pairs = report.pairs;
    m_table->setRowCount(int(pairs.size()) + 1);
    for (int row = 0; row < int(pairs.size()); ++row) {
        const auto& pair = pairs[size_t(row)];
        m_table->setItem(row, 0, cell(QString::fromStdString(pair.generated)));
        m_table->setItem(row, 1, cell(QString::fromStdString(pair.rendered)));
        m_table->setItem(row, 2, cell(QString::number(pair.ssim, 'f', 4)));
        m_table->setItem(row, 3, cell(pair.lpips ? QString::number(*pair.lpips, 'f', 4) : QString()));
        m_table->setItem(row, 4, cell(pair.resized ? tr("yes") : QString()));
    }
    const int last = int(pairs.size());
    m_table->setItem(last, 0, cell(tr("Mean (std) of %n pair(s)", nullptr, last)));
    m_table->setItem(last, 1, cell(QString()));
    m_table->setItem(last, 2, cell(report.ssim ? meanStd(report.ssim->mean, report.ssim->std, 4) : QString()));
    m_table->setItem(last, 3, cell(report.lpips ? meanStd(report.lpips->mean, report.lpips->std, 4) : QString()));
    m_table->setItem(last, 4, cell(QString()));
    for (int column = 0; column < m_table->columnCount(); ++column) {
        QFont font = m_table->item(last, column)->font();
        font.setBold(true);
        m_table->item(last, column)->setFont(font);
    }
    const QString none = tr("–");
    m_summary->setText(tr("KID %1 / LPIPS %2 / SSIM %3 on %4")
                           .arg(report.kid ? meanStd(report.kid->mean, report.kid->std, 5) : none,
                                report.lpips ? meanStd(report.lpips->mean, report.lpips->std, 4) : none,
                                report.ssim ? meanStd(report.ssim->mean, report.ssim->std, 4) : none,
                                QString::fromStdString(report.device)));
    QStringList notes;
    for (const auto& name : report.unpairedGenerated)
        notes << tr("Unpaired generated image: %1").arg(QString::fromStdString(name));
    for (const auto& name : report.unpairedRendered)
        notes << tr("Unpaired rendered image: %1").arg(QString::fromStdString(name));
    for (const auto& file : report.unreadable)
        notes << tr("Unreadable: %1 (%2)").arg(QString::fromStdString(file.path), QString::fromStdString(file.reason));
    for (const auto& warning : report.warnings)
        notes << tr("Warning: %1").arg(QString::fromStdString(warning));
    m_notes->setPlainText(notes.join('\n'));
}

QString EvaluateDialog::exportCsv(const QString& path) const
{
    if (!m_report)
        return tr("Nothing to export yet: run the evaluation first.");
    try {
        metrics::Evaluation::writeCsv(*m_report, path.toStdString());
    } catch (const Error& error) {
        return QString::fromStdString(error.what());
    }
    return {};
}

void EvaluateDialog::chooseCsvFile()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export CSV"), m_generated->text() + "/evaluation.csv",
                                                      tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    const QString error = exportCsv(path);
    if (!error.isEmpty())
        QMessageBox::warning(this, windowTitle(), tr("The CSV was not written: %1").arg(error));
}

void EvaluateDialog::updateState()
{
    const bool running = isRunning();
    m_run->setEnabled(!running);
    m_cancel->setEnabled(running);
    m_export->setEnabled(!running && m_report.has_value());
}

} // namespace fr2r::ui
