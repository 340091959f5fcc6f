#pragma once

#include <QDockWidget>

class QPlainTextEdit;

namespace fr2r::ui {

// View > Log: every message and error of the session with its details, time-stamped.
class LogDock : public QDockWidget
{
    Q_OBJECT

public:
    explicit LogDock(QWidget* parent = nullptr);

    void append(const QString& text, const QString& details = QString());
    QString contents() const;

private:
    QPlainTextEdit* m_log = nullptr;
};

} // namespace fr2r::ui
