#include "ui/training/ImageFolderField.h"

#include "imaging/ImageFile.h"
#include "imaging/TrainingImageFolder.h"
#include "ui/AsyncTask.h"
#include "ui/ImageConversion.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTimer>

namespace fr2r::ui {
namespace {

constexpr int kThumbnailSide = 72;
constexpr int kSettleMs = 300;

// A model or pack folder picked by mistake: it holds no training images.
QString wrongKind(const QDir& dir)
{
    if (dir.exists(QStringLiteral("model_index.json")) || dir.exists(QStringLiteral("unet")))
        return ImageFolderField::tr("This is a model folder, not a folder of images.");
    if (dir.exists(QStringLiteral("pack.json")))
        return ImageFolderField::tr("This is a domain pack folder, not a folder of images.");
    return {};
}

QString problemOf(const QString& folder, const ImageFolderField::Scan& scan)
{
    const QDir dir(folder);
    if (folder.trimmed().isEmpty())
        return ImageFolderField::tr("Choose a folder.");
    if (!QFileInfo(folder).isDir())
        return ImageFolderField::tr("Not a folder.");
    const QString kind = wrongKind(dir);
    if (!kind.isEmpty())
        return kind;
    if (dir.isEmpty())
        return ImageFolderField::tr("The folder is empty.");
    if (scan.count == 0 && scan.skipped.isEmpty())
        return ImageFolderField::tr("No images in this folder (PNG, JPEG, TIFF, WebP or BMP).");
    if (scan.count < static_cast<int>(imaging::TrainingImageFolder::kMinimumImages))
        return ImageFolderField::tr("Readable images: %1; at least %2 are needed.")
            .arg(scan.count)
            .arg(imaging::TrainingImageFolder::kMinimumImages);
    return {};
}

} // namespace

ImageFolderField::ImageFolderField(const QString& purpose, QWidget* parent)
    : QWidget(parent)
    , m_path(new QLineEdit)
    , m_count(new QLabel)
    , m_message(new QLabel)
    , m_settle(new QTimer(this))
{
    m_settle->setSingleShot(true);
    m_settle->setInterval(kSettleMs);
    m_path->setObjectName(purpose + QStringLiteral("FolderEdit"));
    m_count->setObjectName(purpose + QStringLiteral("CountLabel"));
    m_message->setObjectName(purpose + QStringLiteral("MessageLabel"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* browseButton = new QPushButton(tr("Browse…"));
    browseButton->setObjectName(purpose + QStringLiteral("BrowseButton"));
    auto* row = new QHBoxLayout;
    row->addWidget(m_path, 1);
    row->addWidget(browseButton);
    row->addWidget(m_count);
    auto* thumbnails = new QHBoxLayout;
    for (int i = 0; i < kThumbnails; ++i) {
        auto* label = new QLabel;
        label->setFixedSize(kThumbnailSide, kThumbnailSide);
        label->setObjectName(purpose + QStringLiteral("Thumbnail%1").arg(i));
        thumbnails->addWidget(label);
        m_thumbnails.append(label);
    }
    thumbnails->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(row);
    layout->addLayout(thumbnails);
    layout->addWidget(m_message);
    connect(browseButton, &QPushButton::clicked, this, &ImageFolderField::browse);
    connect(m_path, &QLineEdit::textChanged, this, &ImageFolderField::pathEdited);
    connect(m_settle, &QTimer::timeout, this, &ImageFolderField::startScan);
    pathEdited();
}

QString ImageFolderField::folder() const
{
    return m_path->text().trimmed();
}

void ImageFolderField::setFolder(const QString& folder)
{
    m_path->setText(QDir::toNativeSeparators(folder));
}

void ImageFolderField::setExtraProblem(const QString& problem)
{
    m_extraProblem = problem;
    showScan();
}

ImageFolderField::Scan ImageFolderField::scan(const QString& folder)
{
    Scan result;
    if (QFileInfo(folder).isDir() && wrongKind(QDir(folder)).isEmpty()) {
        try {
            const auto images = imaging::TrainingImageFolder::read(folder.toStdString(), kThumbnailSide, "", 0);
            result.count = static_cast<int>(images.examples.size());
            for (size_t i = 0; i < images.examples.size() && i < kThumbnails; ++i)
                result.thumbnails.append(ImageConversion::toQImage(images.examples[i].image));
            for (const auto& skipped : images.skipped)
                result.skipped.append(QString::fromStdString(skipped));
        } catch (const std::exception& error) { // the folder could not be listed
            result.skipped.append(QString::fromStdString(error.what()));
        }
    }
    result.problem = problemOf(folder, result);
    return result;
}

void ImageFolderField::pathEdited()
{
    m_scanned = false;
    ++m_generation; // a scan still running is for an older path
    m_count->setText(tr("reading…"));
    m_message->clear();
    for (QLabel* thumbnail : m_thumbnails)
        thumbnail->clear();
    m_settle->start();
    Q_EMIT changed();
}

void ImageFolderField::startScan()
{
    const quint64 generation = ++m_generation;
    const QString path = folder();
    AsyncTask::runThenCallback([path] { return scan(path); }, this, [this, generation](const Scan& result) {
        if (generation != m_generation)
            return;
        m_scan = result;
        m_scanned = true;
        showScan();
        Q_EMIT changed();
    });
}

void ImageFolderField::showScan()
{
    if (!m_scanned)
        return;
    m_count->setText(m_scan.count == 1 ? tr("1 image") : tr("%1 images").arg(m_scan.count));
    for (int i = 0; i < kThumbnails; ++i)
        m_thumbnails[i]->setPixmap(i < m_scan.thumbnails.size() ? QPixmap::fromImage(m_scan.thumbnails[i]) : QPixmap());
    QStringList lines;
    if (!m_scan.problem.isEmpty())
        lines.append(m_scan.problem);
    if (!m_extraProblem.isEmpty())
        lines.append(m_extraProblem);
    if (!m_scan.skipped.isEmpty())
        lines.append(tr("Unreadable, skipped: %1").arg(m_scan.skipped.join(QStringLiteral("; "))));
    m_message->setText(lines.join(QLatin1Char('\n')));
}

void ImageFolderField::browse()
{
    const QString chosen = QFileDialog::getExistingDirectory(this, tr("Choose a folder of images"), folder());
    if (!chosen.isEmpty())
        setFolder(chosen);
}

} // namespace fr2r::ui
