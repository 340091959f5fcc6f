// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// QCustomPlot's header uses the Qt keywords that QT_NO_KEYWORDS switches off everywhere else.
#define signals Q_SIGNALS
#define foreach Q_FOREACH
#include <qcustomplot.h>
#undef foreach
#undef signals
