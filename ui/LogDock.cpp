#include "ui/LogDock.h"

#include <QDateTime>
#include <QPlainTextEdit>

namespace fr2r::ui {
namespace {
constexpr int kMaxBlocks = 5000;
}

LogDock::LogDock(QWidget* parent)
    : QDockWidget(tr("Log"), parent)
{
    setObjectName(QStringLiteral("logDock"));
    m_log = new QPlainTextEdit;
    m_log->setObjectName(QStringLiteral("logView"));
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(kMaxBlocks);
    m_log->setToolTip(tr("Messages and errors of this session"));
    setWidget(m_log);
}

void LogDock::append(const QString& text, const QString& details)
{
    const QString stamp = QTime::currentTime().toString(QStringLiteral("HH:mm:ss"));
    m_log->appendPlainText(QStringLiteral("[%1] %2").arg(stamp, text));
    if (!details.isEmpty() && details != text)
        m_log->appendPlainText(QStringLiteral("    ") + details);
}

void LogDock::appendEngineMessage(fr2r::core::LogLevel level, const QString& message)
{
    append(level == fr2r::core::LogLevel::Warning ? tr("⚠ Warning: %1").arg(message) : message);
}

} // namespace fr2r::ui
