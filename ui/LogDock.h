#pragma once

#include "core/api/JobLog.h"

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
    // What the engine decided; warnings marked so they stand out among the decisions.
    void appendEngineMessage(fr2r::core::LogLevel level, const QString& message);

private:
    QPlainTextEdit* m_log = nullptr;
};

} // namespace fr2r::ui
