#include "ui/MessageBar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>
#include <QTimer>
#include <QToolButton>

#include <algorithm>

namespace fr2r::ui {
namespace {
constexpr int kInfoVisibleMs = 8000;
}

MessageBar::MessageBar(QWidget* parent)
    : QFrame(parent)
{
    setObjectName(QStringLiteral("messageBar"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    m_text = new QLabel;
    m_text->setObjectName(QStringLiteral("messageText"));
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details = new QLabel(QStringLiteral("<a href=\"log\">%1</a>").arg(tr("Details")));
    m_details->setObjectName(QStringLiteral("messageDetailsLink"));
    m_details->setToolTip(tr("Open the log (View > Log) with the full message"));
    connect(m_details, &QLabel::linkActivated, this, &MessageBar::detailsRequested);
    m_close = new QToolButton;
    m_close->setObjectName(QStringLiteral("messageCloseButton"));
    m_close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    m_close->setAutoRaise(true);
    m_close->setToolTip(tr("Hide this message"));
    connect(m_close, &QToolButton::clicked, this, &MessageBar::dismiss);
    m_autoHide = new QTimer(this);
    m_autoHide->setSingleShot(true);
    m_autoHide->setInterval(kInfoVisibleMs);
    connect(m_autoHide, &QTimer::timeout, this, &QWidget::hide);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_details);
    layout->addWidget(m_close);
    hide();
}

void MessageBar::showInfo(const QString& text)
{
    if (!m_errors.isEmpty())
        return; // the notice is in the log; the unread error stays in view
    display(Level::Info, text);
    m_autoHide->start(); // notices go away on their own
}

void MessageBar::showError(const QString& text, const QString& details, const Group& group)
{
    if (!group.key.isEmpty()) // a subject's latest error replaces its earlier one
        m_errors.erase(std::remove_if(m_errors.begin(), m_errors.end(),
                                      [&](const Entry& e) {
                                          return e.group.key == group.key && e.group.subject == group.subject;
                                      }),
                       m_errors.end());
    m_errors.push_back({text, details, group});
    m_autoHide->stop();
    display(Level::Error, errorLine());
}

void MessageBar::dismiss()
{
    m_errors.clear();
    hide();
}

QString MessageBar::errorLine() const
{
    const int count = m_errors.size();
    if (count == 1)
        return m_errors.front().text;
    const Group& group = m_errors.back().group;
    const bool oneGroup = !group.key.isEmpty() && group.summary &&
                          std::all_of(m_errors.begin(), m_errors.end(),
                                      [&](const Entry& e) { return e.group.key == group.key; });
    if (oneGroup)
        return group.summary(count);
    return tr("%1 (and %n more)", nullptr, count - 1).arg(m_errors.back().text);
}

void MessageBar::display(Level level, const QString& text)
{
    m_level = level;
    m_text->setText(text);
    QPalette colours = palette();
    colours.setColor(QPalette::Window, level == Level::Error ? QColor(0xf8, 0xd7, 0xda) : QColor(0xd1, 0xe7, 0xf6));
    colours.setColor(QPalette::WindowText, Qt::black);
    setPalette(colours);
    m_text->setPalette(colours);
    m_details->setToolTip(level == Level::Error ? details() : tr("Open the log (View > Log) with the full message"));
    show();
}

QString MessageBar::text() const
{
    return m_text->text();
}

QString MessageBar::details() const
{
    QStringList lines;
    for (const Entry& entry : m_errors)
        lines << (entry.details.isEmpty() ? entry.text : QStringLiteral("%1 %2").arg(entry.text, entry.details));
    return lines.join(QLatin1Char('\n'));
}

} // namespace fr2r::ui
