#pragma once

#include <QImage>
#include <QListWidget>
#include <QString>

namespace fr2r::ui {

// The input images as a list of thumbnails. Accepts dropped files and folders (recursively);
// thumbnails decode at reduced size off the GUI thread (BackgroundIo) and a file that cannot be read is
// removed and reported.
class ImageStrip : public QListWidget
{
    Q_OBJECT

public:
    enum Role { PathRole = Qt::UserRole + 1, RelativeNameRole };
    static constexpr int kThumbnailSize = 96;

    explicit ImageStrip(QWidget* parent = nullptr);

    void addPaths(const QStringList& paths); // files or folders
    QString currentPath() const;
    QStringList paths() const;
    QString relativeName(int row) const;     // for batch output: kept below the dropped folder
    int pendingThumbnails() const { return m_pending; }

Q_SIGNALS:
    void message(const QString& text, const QString& details);
    void unreadable(const QString& path, const QString& error); // the file was removed from the list
    void currentImageChanged(const QString& path);
    void thumbnailsLoaded();

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dragMoveEvent(QDragMoveEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    QStringList mimeTypes() const override;

private:
    void addFile(const QString& path, const QString& relativeName);
    void addFolder(const QString& folder);
    void loadThumbnail(QListWidgetItem* item);
    void thumbnailReady(const QString& path, const QImage& thumbnail, const QString& error);
    int rowOf(const QString& path) const;
    static QIcon squareIcon(const QImage& thumbnail);

    int m_pending = 0;
};

} // namespace fr2r::ui
