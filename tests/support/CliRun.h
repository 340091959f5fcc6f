#pragma once

#include <QString>
#include <QStringList>

namespace fr2r::test {

// One run of a command-line program to its end: exit code (-1 when it crashed) and both channels apart.
struct CliRun
{
    int exitCode = -1;
    QString out;
    QString err;

    static CliRun of(const QString& program, const QStringList& arguments); // fatal after 5 minutes
};

} // namespace fr2r::test
