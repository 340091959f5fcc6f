// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace fr2r::tests {

// A command-line tool run to completion: its exit code (-1 when it did not start, crashed or ran out of time)
// and what it printed on both channels (with the reason when it did not finish).
class ToolRun
{
public:
    static ToolRun run(const QString& program, const QStringList& arguments, int timeoutMs = 600000,
                       const QProcessEnvironment& environment = QProcessEnvironment::systemEnvironment());

    int exitCode = -1;
    QString output;
};

} // namespace fr2r::tests
