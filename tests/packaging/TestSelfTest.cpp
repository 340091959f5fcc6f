// SPDX-License-Identifier: GPL-3.0-or-later
#include "SelfTestRun.h"

#include <QtTest>

using fr2r::tests::SelfTestRun;

// Both programs of the build tree pass --self-test without a display (the GUI switches to offscreen itself).
class TestSelfTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cliPasses() { SelfTestRun::verify(QStringLiteral(FR2R_CLI_PATH)); }
    void guiPassesWithoutDisplay() { SelfTestRun::verify(QStringLiteral(FR2R_GUI_PATH)); }
};

QTEST_GUILESS_MAIN(TestSelfTest)
#include "TestSelfTest.moc"
