// fashionr2r-cli: the command line of FashionR2R Studio (translate, sweep, train, eval, fetch-model).

#include "cli/Commands.h"
#include "cli/ErrorMessage.h"
#include "cli/NativeArguments.h"
#include "core/api/Error.h"

#include <QCoreApplication>

#include <cstdio>

namespace {

void printUsage(FILE* stream)
{
    std::fprintf(stream, "%s", QCoreApplication::translate("fr2r::cli", "usage: fashionr2r-cli translate|sweep|train|eval|fetch-model [options] "
                                                                        "(--help after a command lists its options)\n")
                                   .toLocal8Bit().constData());
}

int run(const QStringList& arguments)
{
    const QString command = arguments.value(1);
    if (command == "translate")
        return fr2r::cli::runTranslate(arguments);
    if (command == "sweep")
        return fr2r::cli::runSweep(arguments);
    if (command == "train")
        return fr2r::cli::runTrain(arguments);
    if (command == "eval")
        return fr2r::cli::runEval(arguments);
    if (command == "fetch-model")
        return fr2r::cli::runFetchModel(arguments);
    if (command == "--self-test")
        return fr2r::cli::runSelfTest(arguments);
    const bool help = command == "--help" || command == "-h";
    printUsage(help ? stdout : stderr);
    return help ? 0 : 2;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName("fashionr2r-cli");
    QCoreApplication::setApplicationVersion(FR2R_VERSION);
    // Whatever escapes a command is reported and fails the run; nothing ends in std::terminate.
    try {
        return run(fr2r::cli::NativeArguments::decode(argc, argv));
    } catch (const fr2r::InvalidArgumentError& error) {
        std::fprintf(stderr, "fashionr2r-cli: %s\n", error.what());
        return 2;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "\nfashionr2r-cli: %s\n", fr2r::cli::errorMessage(error).c_str());
        return 1;
    } catch (...) {
        std::fprintf(stderr, "\nfashionr2r-cli: unknown error\n");
        return 1;
    }
}
