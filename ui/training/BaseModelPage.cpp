#include "ui/training/BaseModelPage.h"

#include "ui/SettingsDialog.h"

#include <QButtonGroup>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

namespace fr2r::ui {

BaseModelPage::BaseModelPage(const QString& loadedModel, const QString& loadedDescription, QWidget* parent)
    : QWizardPage(parent)
    , m_loadedModel(loadedModel)
    , m_loaded(new QRadioButton)
    , m_other(new QRadioButton(tr("Another Stable Diffusion 1.x model:")))
    , m_path(new QLineEdit)
    , m_status(new QLabel)
{
    setTitle(tr("Base model"));
    setSubTitle(tr("The pack is trained for one base model and used with it."));
    m_loaded->setObjectName(QStringLiteral("loadedModelRadio"));
    m_other->setObjectName(QStringLiteral("otherModelRadio"));
    m_path->setObjectName(QStringLiteral("baseModelEdit"));
    m_status->setObjectName(QStringLiteral("baseModelStatus"));
    m_status->setWordWrap(true);
    m_loaded->setText(loadedModel.isEmpty() ? tr("The loaded model (none is loaded)")
                                            : tr("The loaded model: %1").arg(loadedDescription));
    m_loaded->setEnabled(!loadedModel.isEmpty());
    auto* folderButton = new QPushButton(tr("Folder…"));
    auto* fileButton = new QPushButton(tr("File…"));
    folderButton->setObjectName(QStringLiteral("baseModelFolderButton"));
    fileButton->setObjectName(QStringLiteral("baseModelFileButton"));
    auto* row = new QHBoxLayout;
    row->addWidget(m_path, 1);
    row->addWidget(folderButton);
    row->addWidget(fileButton);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_loaded);
    layout->addWidget(m_other);
    layout->addLayout(row);
    layout->addWidget(m_status);
    layout->addStretch(1);
    auto* group = new QButtonGroup(this);
    group->addButton(m_loaded);
    group->addButton(m_other);
    setOtherModel({});
    connect(m_loaded, &QRadioButton::toggled, this, &BaseModelPage::validate);
    connect(m_path, &QLineEdit::textChanged, this, [this] {
        m_other->setChecked(true);
        validate();
    });
    connect(folderButton, &QPushButton::clicked, this, [this] { browse(true); });
    connect(fileButton, &QPushButton::clicked, this, [this] { browse(false); });
}

QString BaseModelPage::modelPath() const
{
    return usesLoadedModel() ? m_loadedModel : m_path->text().trimmed();
}

bool BaseModelPage::usesLoadedModel() const
{
    return m_loaded->isChecked();
}

void BaseModelPage::setOtherModel(const QString& path)
{
    const bool loaded = (path.isEmpty() || path == m_loadedModel) && !m_loadedModel.isEmpty();
    if (!loaded)
        m_path->setText(QDir::toNativeSeparators(path));
    (loaded ? m_loaded : m_other)->setChecked(true);
    validate();
}

bool BaseModelPage::isComplete() const
{
    return !modelPath().isEmpty() && SettingsDialog::checkModelPath(modelPath()).isEmpty();
}

void BaseModelPage::browse(bool folder)
{
    const QString chosen = folder ? QFileDialog::getExistingDirectory(this, tr("Choose a diffusers model folder"))
                                  : QFileDialog::getOpenFileName(this, tr("Choose a checkpoint"), QString(),
                                                                 tr("Safetensors (*.safetensors)"));
    if (!chosen.isEmpty())
        m_path->setText(QDir::toNativeSeparators(chosen));
}

void BaseModelPage::validate()
{
    const QString path = modelPath();
    m_status->setText(path.isEmpty() ? tr("Choose a model folder or a .safetensors file.")
                                     : SettingsDialog::checkModelPath(path));
    Q_EMIT completeChanged();
}

} // namespace fr2r::ui
