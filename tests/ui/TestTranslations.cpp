// The shipped Chinese translation must reach the widgets: its contexts have to be the names tr() looks up at run
// time (fr2r::ui::MainWindow, not MainWindow), which lupdate only writes when it sees the class declarations.
#include "ui/MainWindow.h"
#include "ui/ParameterPanel.h"

#include <QAction>
#include <QDockWidget>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QTranslator>
#include <QtTest>

class TestTranslations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void windowShowsChinese();
    void cleanupTestCase() { QCoreApplication::removeTranslator(&m_translator); }

private:
    QTemporaryDir m_dir;
    QTranslator m_translator;
};

void TestTranslations::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QCoreApplication::setOrganizationName(QStringLiteral("FashionR2R-Test"));
    QCoreApplication::setApplicationName(QStringLiteral("TestTranslations"));
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("config")));
    QVERIFY(m_translator.load(QStringLiteral(FR2R_ZH_CN_QM)));
    QVERIFY(QCoreApplication::installTranslator(&m_translator));
}

void TestTranslations::windowShowsChinese()
{
    fr2r::ui::MainWindow window; // no model configured: nothing is loaded
    // One string from each kind of context: a plain class, the window, a panel inside it.
    QCOMPARE(window.findChild<QAction*>(QStringLiteral("openAction"))->text(), QStringLiteral("打开图像(&O)…"));
    QCOMPARE(window.findChild<QDockWidget*>(QStringLiteral("parametersDock"))->windowTitle(), QStringLiteral("参数"));
    QCOMPARE(window.windowTitle(), QStringLiteral("FashionR2R 工作室"));
    const auto* panel = window.findChild<fr2r::ui::ParameterPanel*>();
    QVERIFY(panel);
    QCOMPARE(panel->findChild<QPushButton*>(QStringLiteral("translateButton"))->text(), QStringLiteral("转换"));
}

QTEST_MAIN(TestTranslations)
#include "TestTranslations.moc"
