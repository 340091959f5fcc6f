#include "ui/training/TrainingDataPage.h"

#include "core/training/DomainPackTrainer.h"
#include "imaging/TrainingImageFolder.h"
#include "ui/training/ImageFolderField.h"

#include <QCheckBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace fr2r::ui {

TrainingDataPage::TrainingDataPage(QWidget* parent)
    : QWizardPage(parent)
    , m_real(new ImageFolderField(QStringLiteral("real")))
    , m_rendered(new ImageFolderField(QStringLiteral("rendered")))
    , m_pack(new QLineEdit)
    , m_packStatus(new QLabel)
    , m_resume(new QCheckBox(tr("Resume training from its last checkpoint")))
{
    setTitle(tr("Training images"));
    setSubTitle(tr("The LoRA learns your real product photos; the rendered-domain embedding learns your renders."));
    m_pack->setObjectName(QStringLiteral("packFolderEdit"));
    m_packStatus->setObjectName(QStringLiteral("packStatusLabel"));
    m_packStatus->setWordWrap(true);
    m_resume->setObjectName(QStringLiteral("resumeCheck"));
    m_resume->setChecked(true);
    m_resume->setVisible(false);
    auto* browseButton = new QPushButton(tr("Browse…"));
    browseButton->setObjectName(QStringLiteral("packBrowseButton"));
    auto* packRow = new QHBoxLayout;
    packRow->addWidget(m_pack, 1);
    packRow->addWidget(browseButton);
    auto* form = new QFormLayout(this);
    form->addRow(tr("Real photos:"), m_real);
    form->addRow(tr("Renders:"), m_rendered);
    form->addRow(tr("Pack folder:"), packRow);
    form->addRow(QString(), m_packStatus);
    form->addRow(QString(), m_resume);
    connect(m_real, &ImageFolderField::changed, this, &TrainingDataPage::validate);
    connect(m_rendered, &ImageFolderField::changed, this, &TrainingDataPage::validate);
    connect(m_pack, &QLineEdit::textChanged, this, &TrainingDataPage::validate);
    connect(m_resume, &QCheckBox::toggled, this, &TrainingDataPage::validate);
    connect(browseButton, &QPushButton::clicked, this, &TrainingDataPage::browsePack);
    validate();
}

QString TrainingDataPage::realFolder() const
{
    return m_real->folder();
}

QString TrainingDataPage::renderedFolder() const
{
    return m_rendered->folder();
}

QString TrainingDataPage::packFolder() const
{
    return m_pack->text().trimmed();
}

bool TrainingDataPage::resume() const
{
    return m_resumable && m_resume->isChecked();
}

void TrainingDataPage::setFolders(const QString& real, const QString& rendered, const QString& pack)
{
    m_real->setFolder(real);
    m_rendered->setFolder(rendered);
    m_pack->setText(QDir::toNativeSeparators(pack));
}

bool TrainingDataPage::isComplete() const
{
    return m_real->isReady() && m_rendered->isReady() && m_packReady;
}

QString TrainingDataPage::packProblem(const QString& pack, const QStringList& inputs, bool* resumable)
{
    *resumable = false;
    if (pack.isEmpty())
        return tr("Choose a new or empty folder for the pack.");
    std::vector<std::string> sources;
    for (const QString& input : inputs)
        if (!input.isEmpty())
            sources.push_back(input.toStdString());
    try {
        imaging::refusePackAroundInputs(pack.toStdString(), sources);
    } catch (const std::exception&) {
        return tr("The pack folder must not be inside an image folder, nor hold one.");
    }
    const QDir dir(pack);
    if (QFileInfo(pack).exists() && !QFileInfo(pack).isDir())
        return tr("Not a folder.");
    if (dir.exists(QStringLiteral("pack.json")))
        return tr("This folder holds a finished domain pack: choose another one.");
    *resumable = fr2r::core::DomainPackTrainer::hasCheckpoint(pack.toStdString());
    if (!*resumable && dir.exists() && !dir.isEmpty())
        return tr("The folder is not empty: choose a new or empty one.");
    return {};
}

void TrainingDataPage::browsePack()
{
    const QString chosen = QFileDialog::getExistingDirectory(this, tr("Choose the pack folder"), packFolder());
    if (!chosen.isEmpty())
        m_pack->setText(QDir::toNativeSeparators(chosen));
}

void TrainingDataPage::validate()
{
    const bool same = !realFolder().isEmpty() && QFileInfo(realFolder()) == QFileInfo(renderedFolder());
    m_rendered->setExtraProblem(same ? tr("The renders must be another folder than the real photos.") : QString());
    const QString problem = packProblem(packFolder(), {realFolder(), renderedFolder()}, &m_resumable);
    m_resumable = m_resumable && problem.isEmpty();
    m_packReady = problem.isEmpty() && (!m_resumable || m_resume->isChecked());
    m_resume->setVisible(m_resumable);
    if (!problem.isEmpty())
        m_packStatus->setText(problem);
    else if (m_resumable)
        m_packStatus->setText(m_resume->isChecked() ? tr("This folder holds the checkpoint of an earlier run.")
                                                    : tr("This folder holds the checkpoint of an earlier run: resume "
                                                         "it or choose another folder."));
    else
        m_packStatus->setText(tr("The pack is written here."));
    Q_EMIT completeChanged();
}

} // namespace fr2r::ui
