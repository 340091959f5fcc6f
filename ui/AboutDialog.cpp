// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/AboutDialog.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QFile>
#include <QLabel>
#include <QTextBrowser>
#include <QVBoxLayout>

// Resources of a static library must be registered by name, outside any namespace.
static void initNoticesResource()
{
    Q_INIT_RESOURCE(notices);
}

namespace fr2r::ui {

AboutDialog::AboutDialog(QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("About FashionR2R Studio"));
    auto* summary = new QLabel(
        tr("<b>FashionR2R Studio %1</b><br>Rendered-to-real translation of fashion images with a Stable Diffusion "
           "model, a rendered-domain embedding and texture-aware attention control.<br><br>"
           "Free software under the GNU General Public License, version 3 or later (GPL-3.0-or-later). "
           "It comes with no warranty.")
            .arg(QApplication::applicationVersion()),
        this);
    summary->setObjectName(QStringLiteral("aboutSummary"));
    summary->setWordWrap(true);
    m_notices = new QTextBrowser(this);
    m_notices->setObjectName(QStringLiteral("thirdPartyNotices"));
    m_notices->setPlainText(notices());
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(summary);
    layout->addWidget(new QLabel(tr("Third-party components and their licences:"), this));
    layout->addWidget(m_notices, 1);
    layout->addWidget(buttons);
    resize(640, 520);
}

QString AboutDialog::notices()
{
    initNoticesResource();
    QFile file(QStringLiteral(":/notices/THIRD_PARTY_NOTICES"));
    if (!file.open(QIODevice::ReadOnly))
        return tr("The third-party notices are missing from this build.");
    return QString::fromUtf8(file.readAll());
}

} // namespace fr2r::ui
