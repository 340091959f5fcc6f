#pragma once

#include <QString>
#include <QStringList>

#include <string>

namespace fr2r::cli {

// The command line as QCommandLineParser needs it, without losing bytes: QCoreApplication::arguments()
// turns file names that are not UTF-8 into U+FFFD. Here such bytes travel as the lone surrogates
// U+DC80..U+DCFF (Python's "surrogateescape") and toNative() gives back the exact bytes.
class NativeArguments
{
public:
    static QStringList decode(int argc, char** argv);
    static std::string toNative(const QString& argument);
};

} // namespace fr2r::cli
