#include "ui/JobStatusBar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>

#include <algorithm>
#include <cmath>

namespace fr2r::ui {

JobStatusBar::JobStatusBar(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("jobStatusBar"));
    m_bar = new QProgressBar;
    m_bar->setObjectName(QStringLiteral("jobProgress"));
    m_bar->setToolTip(tr("Progress of the current job"));
    m_bar->setMaximumWidth(260);
    m_bar->setTextVisible(false);
    m_label = new QLabel;
    m_label->setObjectName(QStringLiteral("jobLabel"));
    m_batch = new QLabel;
    m_batch->setObjectName(QStringLiteral("batchLabel"));
    m_note = new QLabel;
    m_note->setObjectName(QStringLiteral("jobNote"));
    m_note->setStyleSheet(QStringLiteral("QLabel { color: #c87800; font-weight: bold; }"));
    m_note->hide();
    m_cancel = new QPushButton(tr("Cancel"));
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    m_cancel->setToolTip(tr("Stop the running job; it stops within one block of the network (Esc)"));
    m_cancelAll = new QPushButton(tr("Cancel all"));
    m_cancelAll->setObjectName(QStringLiteral("cancelAllButton"));
    m_cancelAll->setToolTip(tr("Stop the running job and drop every queued one"));
    connect(m_cancel, &QPushButton::clicked, this, &JobStatusBar::cancelRequested);
    connect(m_cancelAll, &QPushButton::clicked, this, &JobStatusBar::cancelAllRequested);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 0, 4, 0);
    layout->addWidget(m_bar);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_note);
    layout->addWidget(m_batch);
    layout->addWidget(m_cancel);
    layout->addWidget(m_cancelAll);
    setBusy(false);
}

void JobStatusBar::showProgress(const QString& phase, int step, int total, double etaSeconds)
{
    m_bar->setRange(0, std::max(total, 1));
    m_bar->setValue(step);
    const QString eta = formatEta(etaSeconds);
    // One bar for the whole job: the percentage of its work, whatever the phase.
    QString text = tr("%1 · %2%").arg(phase).arg(100 * step / std::max(total, 1));
    if (!eta.isEmpty())
        text += QStringLiteral(" · ") + eta;
    m_label->setText(text);
    m_cancel->setEnabled(true);
}

void JobStatusBar::showCancelling()
{
    m_label->setText(tr("Cancelling…"));
    m_cancel->setEnabled(false);
}

void JobStatusBar::showBatch(int done, int total, double etaSeconds)
{
    const QString eta = formatEta(etaSeconds);
    QString text = tr("Image %1 of %2").arg(std::min(done + 1, total)).arg(total);
    if (!eta.isEmpty())
        text += QStringLiteral(" · ") + tr("all: %1").arg(eta);
    m_batch->setText(done >= total ? QString() : text);
}

void JobStatusBar::setBusy(bool busy)
{
    m_cancel->setEnabled(busy);
    m_cancelAll->setEnabled(busy);
    m_bar->setVisible(busy);
    if (!busy) {
        m_label->setText(tr("Ready"));
        m_batch->clear();
    }
}

void JobStatusBar::setNote(const QString& note)
{
    m_note->setText(note);
    m_note->setVisible(!note.isEmpty());
}

QString JobStatusBar::note() const
{
    return m_note->text();
}

QString JobStatusBar::text() const
{
    return m_label->text();
}

QString JobStatusBar::formatEta(double seconds)
{
    if (!(seconds >= 0) || !std::isfinite(seconds))
        return {};
    const long total = std::lround(seconds);
    if (total >= 3600)
        return tr("%1:%2:%3 left").arg(total / 3600).arg(total / 60 % 60, 2, 10, QLatin1Char('0'))
            .arg(total % 60, 2, 10, QLatin1Char('0'));
    return tr("%1:%2 left").arg(total / 60).arg(total % 60, 2, 10, QLatin1Char('0'));
}

} // namespace fr2r::ui
