// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>

namespace fr2r::ui {

// `fashionr2r --self-test`: proves an installation works without showing a window. Debian's LibTorch loads
// Qt 5 beside our Qt 6 (through OpenCV's highgui), so this runs the widgets, the plot and the core in one process.
class GuiSelfTest
{
    Q_DECLARE_TR_FUNCTIONS(GuiSelfTest)

public:
    // Before QApplication exists: without a display the self-test runs on the offscreen platform.
    static void prepareEnvironment(int argc, char** argv);
    // Builds the main window, draws a QCustomPlot graph, runs a tiny model through the core; 0 when all passed.
    static int run();

private:
    static bool requested(int argc, char** argv);
    static void checkMainWindow();
    static void checkPlot();
};

} // namespace fr2r::ui
