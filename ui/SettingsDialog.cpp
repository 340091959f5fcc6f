#include "ui/SettingsDialog.h"

#include "ui/AppSettings.h"
#include "ui/LoraListEditor.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

namespace fr2r::ui {

SettingsDialog::SettingsDialog(const AppSettings& settings, QWidget* parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("Settings"));
    buildWidgets(settings.recentModels());
    setValues(settings);
    connectSignals();
    validate();
}

void SettingsDialog::buildWidgets(const QStringList& recentModels)
{
    auto* form = new QFormLayout;
    m_modelStatus = statusLabel(QStringLiteral("modelStatus"));
    form->addRow(tr("Base model"), buildModelRow(recentModels));
    form->addRow(QString(), m_modelStatus);
    m_negative = addPathRow(form, tr("Negative embedding"), QStringLiteral("negativeEmbedding"),
                            tr("The learned rendered-domain embedding (textual inversion .safetensors); "
                               "empty means a plain empty negative prompt"),
                            &m_negativeStatus);
    m_pack = addPathRow(form, tr("Domain pack (optional)"), QStringLiteral("pack"),
                        tr("A folder written by fashionr2r-cli train (pack.json, lora.safetensors, "
                           "negative_embedding.safetensors): its LoRA is applied and its embedding used unless one is "
                           "chosen above"),
                        &m_packStatus, PathKind::Folder);
    m_loras = new LoraListEditor;
    form->addRow(tr("LoRAs (optional)"), m_loras);
    buildChoices(form);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    m_buttons->setObjectName(QStringLiteral("settingsButtons"));
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_buttons);
}

QLayout* SettingsDialog::buildModelRow(const QStringList& recentModels)
{
    m_model = new QComboBox;
    m_model->setObjectName(QStringLiteral("modelPathCombo"));
    m_model->setEditable(true);
    m_model->addItems(recentModels);
    m_model->setToolTip(tr("A Stable Diffusion 1.5 model: a diffusers folder (with model_index.json) or a single "
                           ".safetensors checkpoint"));
    m_model->setMinimumContentsLength(40);
    auto* browseFolder = new QPushButton(tr("Folder…"));
    browseFolder->setObjectName(QStringLiteral("modelFolderButton"));
    browseFolder->setToolTip(tr("Choose a diffusers model folder"));
    auto* browseFile = new QPushButton(tr("File…"));
    browseFile->setObjectName(QStringLiteral("modelFileButton"));
    browseFile->setToolTip(tr("Choose a single-file .safetensors checkpoint"));
    connect(browseFolder, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Base model folder"), m_model->currentText());
        if (!dir.isEmpty())
            m_model->setCurrentText(dir);
    });
    connect(browseFile, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("Base model file"), m_model->currentText(),
                                                          tr("Checkpoints (*.safetensors)"));
        if (!file.isEmpty())
            m_model->setCurrentText(file);
    });
    auto* row = new QHBoxLayout;
    row->addWidget(m_model, 1);
    row->addWidget(browseFolder);
    row->addWidget(browseFile);
    return row;
}

void SettingsDialog::buildChoices(QFormLayout* form)
{
    m_device = new QComboBox;
    m_device->setObjectName(QStringLiteral("deviceCombo"));
    m_device->setToolTip(tr("Where the model runs; Auto picks CUDA when a GPU is available"));
    m_device->addItem(tr("Auto"), static_cast<int>(fr2r::core::DeviceChoice::Auto));
    m_device->addItem(tr("CPU"), static_cast<int>(fr2r::core::DeviceChoice::Cpu));
    m_device->addItem(tr("CUDA"), static_cast<int>(fr2r::core::DeviceChoice::Cuda));
    m_precision = new QComboBox;
    m_precision->setObjectName(QStringLiteral("precisionCombo"));
    m_precision->setToolTip(tr("Number format of the weights; Auto picks fp16 on a GPU, and bf16 on a CPU that "
                                   "supports it (else fp32)"));
    m_precision->addItem(tr("Auto"), static_cast<int>(fr2r::core::PrecisionChoice::Auto));
    m_precision->addItem(QStringLiteral("fp32"), static_cast<int>(fr2r::core::PrecisionChoice::Fp32));
    m_precision->addItem(QStringLiteral("fp16"), static_cast<int>(fr2r::core::PrecisionChoice::Fp16));
    m_precision->addItem(QStringLiteral("bf16"), static_cast<int>(fr2r::core::PrecisionChoice::Bf16));
    m_language = new QComboBox;
    m_language->setObjectName(QStringLiteral("languageCombo"));
    m_language->setToolTip(tr("The language of the application; takes effect after a restart"));
    m_language->addItem(tr("System language"), QString());
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("简体中文"), QStringLiteral("zh_CN"));
    m_maxMegapixels = new QSpinBox;
    m_maxMegapixels->setObjectName(QStringLiteral("maxMegapixelsSpin"));
    m_maxMegapixels->setRange(AppSettings::kMinMegapixels, AppSettings::kMaxMegapixels);
    m_maxMegapixels->setSuffix(tr(" MP"));
    m_maxMegapixels->setToolTip(tr("Larger images are refused before they are decoded: a 100-megapixel image "
                                   "needs about 1.2 GB of memory to open"));
    form->addRow(tr("Device"), m_device);
    form->addRow(tr("Precision"), m_precision);
    form->addRow(tr("Language"), m_language);
    form->addRow(tr("Largest image"), m_maxMegapixels);
    buildPreviewChoices(form);
}

void SettingsDialog::buildPreviewChoices(QFormLayout* form)
{
    m_previewAfter = new QDoubleSpinBox;
    m_previewAfter->setObjectName(QStringLiteral("previewAfterSpin"));
    m_previewAfter->setRange(0.0, 3600.0);
    m_previewAfter->setDecimals(1);
    m_previewAfter->setSuffix(tr(" s"));
    m_previewAfter->setSpecialValueText(tr("Never"));
    m_previewAfter->setToolTip(tr("A translation estimated to take longer than this runs first at the preview size "
                                  "and shows that result at once, then the full size (0: never)"));
    m_previewSide = new QSpinBox;
    m_previewSide->setObjectName(QStringLiteral("previewSideSpin"));
    m_previewSide->setRange(AppSettings::kMinPreviewSide, AppSettings::kMaxPreviewSide);
    m_previewSide->setSingleStep(64);
    m_previewSide->setSuffix(tr(" px"));
    m_previewSide->setToolTip(tr("The long side of the preview; the same parameters and aspect as the full run"));
    form->addRow(tr("Show a preview first when a run takes longer than"), m_previewAfter);
    form->addRow(tr("Preview size (long side)"), m_previewSide);
}

QLineEdit* SettingsDialog::addPathRow(QFormLayout* form, const QString& label, const QString& name,
                                      const QString& tip, QLabel** status, PathKind kind)
{
    auto* edit = new QLineEdit;
    edit->setObjectName(name + QStringLiteral("Edit"));
    edit->setToolTip(tip);
    edit->setClearButtonEnabled(true);
    auto* browse = new QPushButton(kind == PathKind::Folder ? tr("Folder…") : tr("File…"));
    browse->setObjectName(name + QStringLiteral("Button"));
    browse->setToolTip(tip);
    connect(browse, &QPushButton::clicked, this, [this, edit, label, kind] {
        const QString path = kind == PathKind::Folder
                                 ? QFileDialog::getExistingDirectory(this, label, edit->text())
                                 : QFileDialog::getOpenFileName(this, label, edit->text(), tr("Weights (*.safetensors)"));
        if (!path.isEmpty())
            edit->setText(path);
    });
    auto* row = new QHBoxLayout;
    row->addWidget(edit, 1);
    row->addWidget(browse);
    *status = statusLabel(name + QStringLiteral("Status"));
    form->addRow(label, row);
    form->addRow(QString(), *status);
    return edit;
}

void SettingsDialog::setValues(const AppSettings& settings)
{
    const fr2r::core::EngineSettings engine = settings.engineSettings();
    m_model->setCurrentText(QString::fromStdString(engine.modelPath));
    m_negative->setText(QString::fromStdString(engine.negativeEmbeddingPath));
    m_pack->setText(QString::fromStdString(engine.packPath));
    m_loras->setLoras(engine.loras);
    m_device->setCurrentIndex(std::max(0, m_device->findData(static_cast<int>(engine.device))));
    m_precision->setCurrentIndex(std::max(0, m_precision->findData(static_cast<int>(engine.precision))));
    m_language->setCurrentIndex(std::max(0, m_language->findData(settings.language())));
    m_maxMegapixels->setValue(settings.maxMegapixels());
    m_previewAfter->setValue(settings.previewAfterSeconds());
    m_previewSide->setValue(settings.previewSide());
}

void SettingsDialog::connectSignals()
{
    connect(m_model, &QComboBox::currentTextChanged, this, &SettingsDialog::validate);
    connect(m_negative, &QLineEdit::textChanged, this, &SettingsDialog::validate);
    connect(m_pack, &QLineEdit::textChanged, this, &SettingsDialog::validate);
    connect(m_loras, &LoraListEditor::changed, this, &SettingsDialog::validate);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

QLabel* SettingsDialog::statusLabel(const QString& name)
{
    auto* label = new QLabel;
    label->setObjectName(name);
    label->setWordWrap(true);
    QPalette colours = label->palette();
    colours.setColor(QPalette::WindowText, QColor(0xc0, 0x30, 0x30));
    label->setPalette(colours);
    label->hide();
    return label;
}

void SettingsDialog::showStatus(QLabel* label, const QString& problem)
{
    label->setText(problem);
    label->setVisible(!problem.isEmpty());
    // A wrapped message in a nested row needs the dialog's height for the dialog's width, which a shown dialog
    // does not recompute by itself (the LoRA rows' messages were cut in half).
    QWidget* dialog = label->window();
    if (dialog->isVisible() && dialog->layout()) {
        dialog->layout()->activate();
        const int height = dialog->hasHeightForWidth() ? dialog->heightForWidth(dialog->width()) : dialog->sizeHint().height();
        dialog->resize(dialog->width(), std::max(height, dialog->minimumSizeHint().height()));
    }
}

QString SettingsDialog::checkModelPath(const QString& path)
{
    if (path.trimmed().isEmpty())
        return tr("Choose the base model: a diffusers folder or a .safetensors file.");
    const QFileInfo info(path);
    if (!info.exists())
        return tr("%1 does not exist.").arg(QDir::toNativeSeparators(path));
    if (info.isDir()) {
        if (!QFileInfo::exists(QDir(path).filePath(QStringLiteral("model_index.json"))))
            return tr("This folder is not a diffusers model (no model_index.json): choose the folder that holds "
                      "unet/, vae/ and text_encoder/.");
        return {};
    }
    return checkWeightsFile(path, false);
}

QString SettingsDialog::checkWeightsFile(const QString& path, bool optional)
{
    if (path.trimmed().isEmpty())
        return optional ? QString() : tr("Choose a file.");
    const QFileInfo info(path);
    if (!info.exists())
        return tr("%1 does not exist.").arg(QDir::toNativeSeparators(path));
    if (!info.isFile() || info.suffix().compare(QStringLiteral("safetensors"), Qt::CaseInsensitive) != 0)
        return tr("Expected a .safetensors file.");
    if (!info.isReadable())
        return tr("%1 cannot be read: check its permissions.").arg(QDir::toNativeSeparators(path));
    return {};
}

QString SettingsDialog::checkPackFolder(const QString& path)
{
    if (path.trimmed().isEmpty())
        return {};
    if (!QFileInfo(path).isDir())
        return tr("%1 is not a folder.").arg(QDir::toNativeSeparators(path));
    if (!QFileInfo::exists(QDir(path).filePath(QStringLiteral("pack.json"))))
        return tr("No pack.json in %1: choose a folder written by fashionr2r-cli train.").arg(QDir::toNativeSeparators(path));
    return {};
}

void SettingsDialog::validate()
{
    showStatus(m_modelStatus, checkModelPath(m_model->currentText()));
    showStatus(m_negativeStatus, checkWeightsFile(m_negative->text(), true));
    showStatus(m_packStatus, checkPackFolder(m_pack->text()));
    m_loras->validate();
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(isValid());
}

bool SettingsDialog::isValid() const
{
    return m_modelStatus->text().isEmpty() && m_negativeStatus->text().isEmpty() && m_packStatus->text().isEmpty() &&
           m_loras->isValid();
}

fr2r::core::EngineSettings SettingsDialog::engineSettings() const
{
    fr2r::core::EngineSettings settings;
    settings.modelPath = m_model->currentText().trimmed().toStdString();
    settings.negativeEmbeddingPath = m_negative->text().trimmed().toStdString();
    settings.packPath = m_pack->text().trimmed().toStdString();
    settings.loras = m_loras->loras();
    settings.device = static_cast<fr2r::core::DeviceChoice>(m_device->currentData().toInt());
    settings.precision = static_cast<fr2r::core::PrecisionChoice>(m_precision->currentData().toInt());
    return settings;
}

void SettingsDialog::save(AppSettings& settings) const
{
    settings.setEngineSettings(engineSettings());
    settings.setLanguage(m_language->currentData().toString());
    settings.setMaxMegapixels(m_maxMegapixels->value());
    settings.setPreviewAfterSeconds(m_previewAfter->value());
    settings.setPreviewSide(m_previewSide->value());
}

} // namespace fr2r::ui
