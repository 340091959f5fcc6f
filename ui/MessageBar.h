#pragma once

#include <QFrame>

class QLabel;
class QTimer;
class QToolButton;

namespace fr2r::ui {

// A non-modal bar above the image for errors and notices; the full story is in View > Log.
class MessageBar : public QFrame
{
    Q_OBJECT

public:
    enum class Level { Info, Error };

    explicit MessageBar(QWidget* parent = nullptr);

    void showMessage(Level level, const QString& text);
    QString text() const;
    Level level() const { return m_level; }

Q_SIGNALS:
    void detailsRequested();

private:
    Level m_level = Level::Info;
    QLabel* m_text = nullptr;
    QLabel* m_details = nullptr;
    QToolButton* m_close = nullptr;
    QTimer* m_autoHide = nullptr;
};

} // namespace fr2r::ui
