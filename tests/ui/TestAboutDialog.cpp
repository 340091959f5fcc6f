// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/AboutDialog.h"
#include "ui/MainWindow.h"

#include <QAction>
#include <QLabel>
#include <QSettings>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QtTest>

using fr2r::ui::AboutDialog;

class TestAboutDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void helpAboutShowsTheNotices();
    void noticesNameEveryComponentAndLicence_data();
    void noticesNameEveryComponentAndLicence();

private:
    QTemporaryDir m_dir;
};

void TestAboutDialog::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QCoreApplication::setOrganizationName(QStringLiteral("FashionR2R-Test"));
    QCoreApplication::setApplicationName(QStringLiteral("TestAboutDialog"));
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("config")));
}

void TestAboutDialog::helpAboutShowsTheNotices()
{
    fr2r::ui::MainWindow window;
    auto* about = window.findChild<QAction*>(QStringLiteral("aboutAction"));
    QVERIFY(about);
    about->trigger();
    auto* dialog = window.findChild<AboutDialog*>();
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    auto* notices = dialog->findChild<QTextBrowser*>(QStringLiteral("thirdPartyNotices"));
    QVERIFY(notices);
    QCOMPARE(notices->toPlainText(), AboutDialog::notices());
    QVERIFY(dialog->findChild<QLabel*>(QStringLiteral("aboutSummary"))->text().contains("GPL-3.0-or-later"));
}

void TestAboutDialog::noticesNameEveryComponentAndLicence_data()
{
    QTest::addColumn<QString>("component");
    QTest::addColumn<QString>("licence");
    QTest::newRow("Qt") << "Qt 6" << "LGPL-3.0-only";
    QTest::newRow("LibTorch") << "LibTorch" << "BSD-3-Clause";
    QTest::newRow("OpenCV") << "OpenCV" << "Apache-2.0";
    QTest::newRow("QCustomPlot") << "QCustomPlot" << "GPL-3.0-or-later";
    QTest::newRow("nlohmann JSON") << "nlohmann JSON" << "MIT";
    QTest::newRow("OpenBLAS") << "OpenBLAS" << "BSD-3-Clause";
}

// Each component's entry (up to the next blank line) carries its SPDX identifier.
void TestAboutDialog::noticesNameEveryComponentAndLicence()
{
    QFETCH(QString, component);
    QFETCH(QString, licence);
    const QString notices = AboutDialog::notices();
    const int start = notices.indexOf(QStringLiteral("\n") + component);
    QVERIFY2(start >= 0, qPrintable(component));
    const QString entry = notices.mid(start + 1, notices.indexOf(QStringLiteral("\n\n"), start + 1) - start - 1);
    QVERIFY2(entry.contains(QStringLiteral("SPDX: ") + licence), qPrintable(entry));
}

QTEST_MAIN(TestAboutDialog)
#include "TestAboutDialog.moc"
