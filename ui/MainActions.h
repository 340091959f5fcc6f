#pragma once

#include <QCoreApplication>
#include <QList>

class QAction;
class QDockWidget;
class QMainWindow;
class QMenu;
class QToolBar;

namespace fr2r::ui {

// Every action of the window's menu bar, in its menu, with its object name, shortcut and tip, and the main
// tool bar with the everyday ones. The window connects them and enables the ones that depend on its state;
// the actions belong to the window.
class MainActions
{
    Q_DECLARE_TR_FUNCTIONS(MainActions)

public:
    MainActions(QMainWindow* window, const QList<QDockWidget*>& docks); // docks: listed in the View menu

    QAction* open = nullptr;
    QAction* openResult = nullptr;
    QAction* save = nullptr;
    QAction* getModel = nullptr;
    QAction* settings = nullptr;
    QAction* quit = nullptr;
    QAction* copy = nullptr;
    QAction* toggleBeforeAfter = nullptr;
    QAction* fit = nullptr;
    QAction* actualSize = nullptr;
    QAction* translate = nullptr;
    QAction* translateAll = nullptr;
    QAction* cancel = nullptr;
    QAction* cancelAll = nullptr;
    QAction* sweep = nullptr;
    QAction* evaluate = nullptr;
    QAction* trainPack = nullptr;
    QAction* about = nullptr;

private:
    void buildFileMenu(QMenu* menu);
    void buildViewMenu(QMenu* menu, const QList<QDockWidget*>& docks);
    void buildRunMenu(QMenu* menu);
    void buildToolBar(QToolBar* bar);
};

} // namespace fr2r::ui
