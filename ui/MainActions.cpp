#include "ui/MainActions.h"

#include <QAction>
#include <QKeySequence>
#include <QDockWidget>
#include <QIcon>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QToolBar>

namespace fr2r::ui {
namespace {

QAction* addAction(QMenu* menu, const QString& text, const char* name, const QKeySequence& shortcut,
                   const QString& tip)
{
    QAction* action = menu->addAction(text);
    action->setObjectName(QString::fromLatin1(name));
    action->setShortcut(shortcut);
    action->setToolTip(tip);
    action->setStatusTip(tip);
    return action;
}

} // namespace

MainActions::MainActions(QMainWindow* window, const QList<QDockWidget*>& docks)
{
    QMenuBar* bar = window->menuBar();
    buildFileMenu(bar->addMenu(tr("&File")));
    copy = addAction(bar->addMenu(tr("&Edit")), tr("&Copy result"), "copyAction", QKeySequence::Copy,
                     tr("Copy the realistic image to the clipboard"));
    buildViewMenu(bar->addMenu(tr("&View")), docks);
    buildRunMenu(bar->addMenu(tr("&Run")));
    QMenu* tools = bar->addMenu(tr("&Tools"));
    evaluate = addAction(tools, tr("&Evaluate…"), "evaluateAction", {},
                         tr("SSIM, LPIPS and KID of a folder of results, as in the paper"));
    trainPack = addAction(tools, tr("&Train domain pack…"), "trainPackAction", {},
                          tr("Train a LoRA on your real photos and the rendered-domain embedding on your renders"));
    about = addAction(bar->addMenu(tr("&Help")), tr("&About"), "aboutAction", {}, tr("About FashionR2R Studio"));
    buildToolBar(window->addToolBar(tr("Main tool bar")));
}

void MainActions::buildFileMenu(QMenu* menu)
{
    open = addAction(menu, tr("&Open images…"), "openAction", QKeySequence::Open, tr("Add rendered images to the list"));
    open->setIcon(QIcon(QStringLiteral(":/icons/open.svg")));
    openResult = addAction(menu, tr("Open &result…"), "openResultAction", {},
                           tr("Restore the parameters saved in a result PNG"));
    save = addAction(menu, tr("&Save result…"), "saveAction", QKeySequence::Save,
                     tr("Save the realistic image as PNG with its parameters"));
    save->setIcon(QIcon(QStringLiteral(":/icons/save.svg")));
    menu->addSeparator();
    getModel = addAction(menu, tr("&Get the base model…"), "getModelAction", {},
                         tr("Download Stable Diffusion 1.5 from the Hugging Face hub"));
    settings = addAction(menu, tr("S&ettings…"), "settingsAction", QKeySequence::Preferences,
                         tr("Model, device, precision and language"));
    quit = addAction(menu, tr("&Quit"), "quitAction", QKeySequence::Quit, tr("Close the window"));
}

void MainActions::buildViewMenu(QMenu* menu, const QList<QDockWidget*>& docks)
{
    for (QDockWidget* dock : docks)
        menu->addAction(dock->toggleViewAction());
    menu->addSeparator();
    toggleBeforeAfter = addAction(menu, tr("Toggle before/after"), "toggleBeforeAfterAction",
                                  QKeySequence(Qt::Key_Space), tr("Show the rendered input alone, or the comparison"));
    fit = addAction(menu, tr("&Fit"), "fitAction", QKeySequence(Qt::CTRL | Qt::Key_0), tr("Fit the image in the view"));
    actualSize = addAction(menu, tr("&100%"), "actualSizeAction", QKeySequence(Qt::CTRL | Qt::Key_1),
                           tr("One image pixel per screen pixel"));
}

void MainActions::buildRunMenu(QMenu* menu)
{
    translate = addAction(menu, tr("&Translate"), "translateAction", {}, tr("Translate the current image"));
    translate->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    translate->setIcon(QIcon(QStringLiteral(":/icons/translate.svg")));
    translateAll = addAction(menu, tr("Translate &all…"), "translateAllAction", {},
                             tr("Translate every image in the list into an output folder"));
    cancel = addAction(menu, tr("&Cancel"), "cancelAction", QKeySequence(Qt::Key_Escape), tr("Stop the running job"));
    cancelAll = addAction(menu, tr("Cancel a&ll"), "cancelAllAction", {}, tr("Stop every job"));
    menu->addSeparator();
    sweep = addAction(menu, tr("&Sweep…"), "sweepAction", QKeySequence(Qt::CTRL | Qt::Key_G),
                      tr("Compare a strength × γ grid of the current image"));
    sweep->setIcon(QIcon(QStringLiteral(":/icons/sweep.svg")));
}

void MainActions::buildToolBar(QToolBar* bar)
{
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addAction(open);
    bar->addAction(save);
    bar->addSeparator();
    bar->addAction(translate);
    bar->addAction(sweep);
}

} // namespace fr2r::ui
