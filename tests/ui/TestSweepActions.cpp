// The sweep opens from where a user looks for it: Run › Sweep… and the main tool bar, not only under View.
#include "ui/MainWindow.h"

#include <QAction>
#include <QDockWidget>
#include <QMenu>
#include <QSettings>
#include <QTemporaryDir>
#include <QToolBar>
#include <QtTest>

class TestSweepActions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void runMenuAndToolBarOpenTheSweep();

private:
    QTemporaryDir m_dir;
};

void TestSweepActions::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QCoreApplication::setOrganizationName(QStringLiteral("FashionR2R-Test"));
    QCoreApplication::setApplicationName(QStringLiteral("TestSweepActions"));
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("config")));
}

void TestSweepActions::runMenuAndToolBarOpenTheSweep()
{
    fr2r::ui::MainWindow window; // no model configured: nothing is loaded
    window.show();
    auto* sweep = window.findChild<QAction*>(QStringLiteral("sweepAction"));
    QVERIFY(sweep);
    bool inRunMenu = false;
    bool inToolBar = false;
    for (QObject* owner : sweep->associatedObjects()) {
        if (auto* menu = qobject_cast<QMenu*>(owner))
            inRunMenu = inRunMenu || menu->title() == QStringLiteral("&Run");
        if (auto* bar = qobject_cast<QToolBar*>(owner))
            inToolBar = inToolBar || (bar->objectName() == QStringLiteral("mainToolBar") && bar->isVisible());
    }
    QVERIFY(inRunMenu);
    QVERIFY(inToolBar);

    auto* dock = window.findChild<QDockWidget*>(QStringLiteral("sweepDock"));
    QVERIFY(!dock->isVisible());
    sweep->trigger();
    QVERIFY(dock->isVisible());
}

QTEST_MAIN(TestSweepActions)
#include "TestSweepActions.moc"
