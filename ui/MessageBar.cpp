#include "ui/MessageBar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>
#include <QTimer>
#include <QToolButton>

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
    connect(m_close, &QToolButton::clicked, this, &QWidget::hide);
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

void MessageBar::showMessage(Level level, const QString& text)
{
    m_level = level;
    m_text->setText(text);
    QPalette colours = palette();
    colours.setColor(QPalette::Window, level == Level::Error ? QColor(0xf8, 0xd7, 0xda) : QColor(0xd1, 0xe7, 0xf6));
    colours.setColor(QPalette::WindowText, Qt::black);
    setPalette(colours);
    m_text->setPalette(colours);
    // Errors stay until dismissed; notices go away on their own.
    if (level == Level::Info)
        m_autoHide->start();
    else
        m_autoHide->stop();
    show();
}

QString MessageBar::text() const
{
    return m_text->text();
}

} // namespace fr2r::ui
