#pragma once

#include <QFrame>
#include <QVector>

#include <functional>

class QLabel;
class QTimer;
class QToolButton;

namespace fr2r::ui {

// A non-modal bar above the image for errors and notices; the full story is in View > Log.
// Errors stay until dismissed and a notice never covers an unread one; several unread errors
// share one line ("3 files could not be read"), and details() lists each.
class MessageBar : public QFrame
{
    Q_OBJECT

public:
    enum class Level { Info, Error };
    // Errors of one kind, e.g. unreadable files: one entry per subject (a file), and a line for several
    // ("3 files could not be read"). An empty key: the error stands alone.
    struct Group
    {
        QString key;
        QString subject;
        std::function<QString(int count)> summary;
    };

    explicit MessageBar(QWidget* parent = nullptr);

    void showInfo(const QString& text);
    // Unread errors all of one group show its summary; others show "latest text (and n more)".
    void showError(const QString& text, const QString& details = QString(), const Group& group = {});
    void dismiss(); // marks every error read and hides the bar
    QString text() const;
    QString details() const; // each unread error with its details, one a line
    Level level() const { return m_level; }

Q_SIGNALS:
    void detailsRequested();

private:
    struct Entry
    {
        QString text;
        QString details;
        Group group;
    };

    void display(Level level, const QString& text);
    QString errorLine() const;

    Level m_level = Level::Info;
    QVector<Entry> m_errors; // unread, oldest first
    QLabel* m_text = nullptr;
    QLabel* m_details = nullptr;
    QToolButton* m_close = nullptr;
    QTimer* m_autoHide = nullptr;
};

} // namespace fr2r::ui
