// SPDX-License-Identifier: GPL-3.0-or-later
#include "SelfTestRun.h"

#include <QDir>
#include <QProcess>
#include <QtTest>

namespace fr2r::tests {

QProcessEnvironment SelfTestRun::bareEnvironment()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char* name : { "DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "LD_LIBRARY_PATH" })
        environment.remove(QString::fromLatin1(name));
    environment.insert(QStringLiteral("HOME"), QDir::tempPath()); // no user settings of the test machine
    return environment;
}

void SelfTestRun::verify(const QString& program, const QProcessEnvironment& environment, const QStringList& arguments,
                         QString* output)
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(program, arguments + QStringList { QStringLiteral("--self-test") });
    QVERIFY2(process.waitForStarted(), qPrintable(program + ": " + process.errorString()));
    QVERIFY2(process.waitForFinished(600000), qPrintable(program + " --self-test did not finish"));
    const QString printed = QString::fromLocal8Bit(process.readAllStandardOutput());
    const QString errors = QString::fromLocal8Bit(process.readAllStandardError());
    if (output)
        *output = printed + errors;
    QVERIFY2(
        process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0,
        qPrintable(program + " --self-test exited " + QString::number(process.exitCode()) + ":\n" + printed + errors));
    QVERIFY2(printed.contains(QStringLiteral("self-test passed")), qPrintable(printed + errors));
}

} // namespace fr2r::tests
