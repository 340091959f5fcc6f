#include "ui/ImageStrip.h"

#include "core/api/Error.h"
#include "imaging/ImageFile.h"
#include "ui/BackgroundIo.h"
#include "ui/ImageConversion.h"

#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QMimeData>
#include <QPainter>

namespace fr2r::ui {

ImageStrip::ImageStrip(QWidget* parent)
    : QListWidget(parent)
{
    setObjectName(QStringLiteral("imageStrip"));
    setToolTip(tr("The images to translate: drop files or folders here, or use File > Open"));
    setViewMode(QListView::ListMode);
    setIconSize(QSize(kThumbnailSize, kThumbnailSize));
    setUniformItemSizes(true);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setAcceptDrops(true);
    setDragDropMode(QAbstractItemView::DropOnly);
    setTextElideMode(Qt::ElideMiddle);
    connect(this, &QListWidget::currentItemChanged, this, [this](QListWidgetItem* item) {
        Q_EMIT currentImageChanged(item ? item->data(PathRole).toString() : QString());
    });
}

void ImageStrip::addPaths(const QStringList& paths)
{
    for (const QString& path : paths) {
        const QFileInfo info(path);
        if (info.isDir())
            addFolder(info.absoluteFilePath());
        else
            addFile(info.absoluteFilePath(), info.fileName());
    }
    if (!currentItem() && count() > 0)
        setCurrentRow(0);
}

void ImageStrip::addFolder(const QString& folder)
{
    std::vector<std::string> names;
    try {
        names = fr2r::imaging::listImages(QDir::toNativeSeparators(folder).toStdString());
    } catch (const fr2r::Error& error) {
        Q_EMIT message(tr("Cannot list the folder %1.").arg(QDir::toNativeSeparators(folder)),
                       QString::fromStdString(error.what()));
        return;
    }
    if (names.empty())
        Q_EMIT message(tr("The folder %1 holds no supported images (PNG, JPEG, TIFF, WebP, BMP).")
                           .arg(QDir::toNativeSeparators(folder)), QString());
    const QDir dir(folder);
    for (const std::string& name : names) {
        const QString relative = QString::fromStdString(name);
        addFile(dir.filePath(relative), relative);
    }
}

void ImageStrip::addFile(const QString& path, const QString& relativeName)
{
    if (rowOf(path) >= 0)
        return;
    if (!fr2r::imaging::isSupportedImageFile(path.toStdString())) {
        Q_EMIT message(tr("%1 is not a supported image (PNG, JPEG, TIFF, WebP, BMP); it was not added.")
                           .arg(QFileInfo(path).fileName()), path);
        return;
    }
    auto* item = new QListWidgetItem(relativeName, this);
    item->setIcon(squareIcon(QImage())); // every row has the thumbnail's height from the start
    item->setData(PathRole, path);
    item->setData(RelativeNameRole, relativeName);
    item->setToolTip(QDir::toNativeSeparators(path));
    loadThumbnail(item);
}

void ImageStrip::loadThumbnail(QListWidgetItem* item)
{
    const QString path = item->data(PathRole).toString();
    ++m_pending;
    BackgroundIo::readThumbnail(this, path, kThumbnailSize, [this, path](const fr2r::ImageBuffer& image,
                                                                        const QString& error) {
        thumbnailReady(path, error.isEmpty() ? ImageConversion::toQImage(image) : QImage(), error);
    });
}

void ImageStrip::thumbnailReady(const QString& path, const QImage& thumbnail, const QString& error)
{
    --m_pending;
    const int row = rowOf(path);
    if (row >= 0) {
        if (error.isEmpty()) {
            item(row)->setIcon(squareIcon(thumbnail));
        } else {
            delete takeItem(row);
            Q_EMIT unreadable(path, error);
        }
    }
    if (m_pending == 0)
        Q_EMIT thumbnailsLoaded();
}

// Portrait and landscape thumbnails centred on one square, so rows of uniform size never clip either.
QIcon ImageStrip::squareIcon(const QImage& thumbnail)
{
    QPixmap square(kThumbnailSize, kThumbnailSize);
    square.fill(Qt::transparent);
    if (!thumbnail.isNull()) {
        const QImage fitted = thumbnail.scaled(square.size(), Qt::KeepAspectRatio, Qt::SmoothTransformation);
        QPainter painter(&square);
        painter.drawImage((kThumbnailSize - fitted.width()) / 2, (kThumbnailSize - fitted.height()) / 2, fitted);
    }
    return QIcon(square);
}

QString ImageStrip::currentPath() const
{
    return currentItem() ? currentItem()->data(PathRole).toString() : QString();
}

QStringList ImageStrip::paths() const
{
    QStringList all;
    for (int row = 0; row < count(); ++row)
        all << item(row)->data(PathRole).toString();
    return all;
}

QString ImageStrip::relativeName(int row) const
{
    return item(row)->data(RelativeNameRole).toString();
}

int ImageStrip::rowOf(const QString& path) const
{
    for (int row = 0; row < count(); ++row)
        if (item(row)->data(PathRole).toString() == path)
            return row;
    return -1;
}

QStringList ImageStrip::mimeTypes() const
{
    return {QStringLiteral("text/uri-list")};
}

void ImageStrip::dragEnterEvent(QDragEnterEvent* event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void ImageStrip::dragMoveEvent(QDragMoveEvent* event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void ImageStrip::dropEvent(QDropEvent* event)
{
    QStringList dropped;
    for (const QUrl& url : event->mimeData()->urls())
        if (url.isLocalFile())
            dropped << url.toLocalFile();
    if (dropped.isEmpty())
        return;
    event->acceptProposedAction();
    addPaths(dropped);
}

} // namespace fr2r::ui
