// fashionr2r-cli: the command line of FashionR2R Studio (translate, sweep, eval).

#include "cli/Commands.h"
#include "core/Error.h"

#include <QCoreApplication>

#include <c10/util/Exception.h>

#include <cstdio>

namespace {

void printUsage()
{
    std::fprintf(stderr, "%s", QCoreApplication::translate("fr2r::cli", "usage: fashionr2r-cli translate|sweep|eval [options] "
                                                                        "(--help after a command lists its options)\n")
                                   .toLocal8Bit().constData());
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName("fashionr2r-cli");
    QCoreApplication::setApplicationVersion(FR2R_VERSION);
    const QStringList arguments = QCoreApplication::arguments();
    const QString command = arguments.value(1);
    try {
        if (command == "translate")
            return fr2r::cli::runTranslate(arguments);
        if (command == "sweep")
            return fr2r::cli::runSweep(arguments);
        if (command == "eval")
            return fr2r::cli::runEval(arguments);
        printUsage();
        return 2;
    } catch (const fr2r::InvalidArgumentError& error) {
        std::fprintf(stderr, "fashionr2r-cli: %s\n", error.what());
        return 2;
    } catch (const fr2r::Error& error) {
        std::fprintf(stderr, "\nfashionr2r-cli: %s\n", error.what());
        return 1;
    } catch (const c10::Error& error) {
        std::fprintf(stderr, "\nfashionr2r-cli: %s\n", error.what_without_backtrace());
        return 1;
    }
}
