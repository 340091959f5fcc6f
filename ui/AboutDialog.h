// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

class QTextBrowser;

namespace fr2r::ui {

// Help > About: version, licence (GPL-3.0-or-later, because of QCustomPlot) and the third-party notices.
class AboutDialog : public QDialog
{
    Q_OBJECT

public:
    explicit AboutDialog(QWidget* parent = nullptr);

    static QString notices(); // THIRD_PARTY_NOTICES as built into the program

private:
    QTextBrowser* m_notices = nullptr;
};

} // namespace fr2r::ui
