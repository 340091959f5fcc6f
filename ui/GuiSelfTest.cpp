// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/GuiSelfTest.h"

#include "core/api/Error.h"
#include "core/diffusion/SelfTest.h"
#include "ui/MainWindow.h"
#include "ui/QCustomPlotInclude.h"

#include <QApplication>
#include <QFile>
#include <QImage>
#include <QSettings>
#include <QTemporaryDir>

#include <cstdio>
#include <cstring>

namespace fr2r::ui {
namespace {

std::string resourceText(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw Error("self-test: " + path.toStdString() + " is missing from the program");
    return file.readAll().toStdString();
}

// True when the image has more than one colour: something was drawn.
bool isDrawn(const QImage& image)
{
    if (image.isNull())
        return false;
    const QRgb first = image.pixel(0, 0);
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            if (image.pixel(x, y) != first)
                return true;
    return false;
}

} // namespace

bool GuiSelfTest::requested(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i)
        if (std::strcmp(argv[i], "--self-test") == 0)
            return true;
    return false;
}

void GuiSelfTest::prepareEnvironment(int argc, char** argv)
{
    const bool display = !qEnvironmentVariableIsEmpty("DISPLAY") || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY");
    if (requested(argc, argv) && !display && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
}

void GuiSelfTest::checkMainWindow()
{
    MainWindow window;
    window.resize(1000, 700);
    if (!isDrawn(window.grab().toImage()))
        throw Error("self-test: the main window drew nothing");
}

void GuiSelfTest::checkPlot()
{
    QCustomPlot plot;
    QCPGraph* graph = plot.addGraph();
    graph->setData({0, 1, 2, 3}, {0, 1, 4, 9});
    plot.rescaleAxes();
    if (!isDrawn(plot.toPixmap(320, 240).toImage()))
        throw Error("self-test: QCustomPlot drew nothing");
}

int GuiSelfTest::run()
{
    try {
        QTemporaryDir scratch;
        if (!scratch.isValid())
            throw Error("self-test: no temporary folder (" + scratch.errorString().toStdString() + ")");
        // An empty profile: the user's model is not loaded and the user's settings are not written.
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, scratch.filePath(QStringLiteral("settings")));
        checkMainWindow();
        checkPlot();
        const std::string summary =
            core::SelfTest::run(scratch.path().toStdString(), resourceText(QStringLiteral(":/clip/vocab.json")),
                                resourceText(QStringLiteral(":/clip/merges.txt")));
        std::printf("%s\n", qPrintable(tr("%1 %2 (%3): self-test passed: main window, plot, %4")
                                           .arg(QApplication::applicationName(), QApplication::applicationVersion(),
                                                QApplication::platformName(), QString::fromStdString(summary))));
        return 0;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "%s\n", qPrintable(tr("self-test failed: %1").arg(QString::fromUtf8(error.what()))));
        return 1;
    }
}

} // namespace fr2r::ui
