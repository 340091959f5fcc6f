#pragma once

#include <QImage>
#include <QList>
#include <QString>
#include <QStringList>
#include <QWidget>

class QLabel;
class QLineEdit;
class QTimer;

namespace fr2r::ui {

// One training image folder on the wizard's data page: the path with a Browse button, its image count, up to four
// thumbnails and what is wrong with it. The folder is read off the GUI thread whenever the path changes.
class ImageFolderField : public QWidget
{
    Q_OBJECT

public:
    struct Scan
    {
        int count = 0;              // readable images
        QList<QImage> thumbnails;   // up to kThumbnails
        QStringList skipped;        // "<file>: <why>"
        QString problem;            // empty when the folder can be trained on
    };
    static constexpr int kThumbnails = 4;

    ImageFolderField(const QString& purpose, QWidget* parent = nullptr); // purpose: the object names' prefix
    QString folder() const;
    void setFolder(const QString& folder);
    bool isReady() const { return m_scanned && m_scan.problem.isEmpty() && m_extraProblem.isEmpty(); }
    void setExtraProblem(const QString& problem); // a problem the page sees (the same folder twice)

    // Reads folder (blocking): what the field shows of it.
    static Scan scan(const QString& folder);

Q_SIGNALS:
    void changed(); // the path changed or its scan arrived

private:
    void pathEdited();
    void startScan();
    void showScan();
    void browse();

    QLineEdit* m_path;
    QLabel* m_count;
    QList<QLabel*> m_thumbnails;
    QLabel* m_message;
    QTimer* m_settle; // a scan starts once typing pauses, not on every key
    Scan m_scan;
    QString m_extraProblem;
    bool m_scanned = false;
    quint64 m_generation = 0; // the latest scan's; older ones arrive and are dropped
};

} // namespace fr2r::ui
