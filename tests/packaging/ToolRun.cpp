// SPDX-License-Identifier: GPL-3.0-or-later
#include "ToolRun.h"

#include <QProcess>

namespace fr2r::tests {

ToolRun ToolRun::run(const QString& program, const QStringList& arguments, int timeoutMs,
                     const QProcessEnvironment& environment)
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, arguments);
    ToolRun result;
    if (process.waitForStarted() && process.waitForFinished(timeoutMs) && process.exitStatus() == QProcess::NormalExit)
        result.exitCode = process.exitCode();
    result.output = QString::fromLocal8Bit(process.readAll());
    if (result.exitCode < 0)
        result.output += program + QStringLiteral(": ") + process.errorString();
    return result;
}

} // namespace fr2r::tests
