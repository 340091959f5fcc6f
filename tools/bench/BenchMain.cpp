// fr2r-bench: speed, memory and reference checks of the core (LibTorch only, runs on the GPU machine).

#include "bench/BenchOptions.h"
#include "bench/GoldenChecker.h"
#include "bench/SpeedBenchmarks.h"
#include "core/api/Error.h"

#include <c10/util/Exception.h>

#include <cstdio>

using namespace fr2r::bench;

namespace {

int checkGolden(const BenchOptions& options)
{
    if (options.positional.size() != 1)
        throw fr2r::InvalidArgumentError("check-golden needs one folder");
    fr2r::core::ComputeContext::configureCpu();
    std::printf("check-golden %s on %s\n", options.positional.front().c_str(), options.context.describe().c_str());
    const GoldenReport report = GoldenChecker(options.positional.front(), options.context).run();
    report.print();
    return report.allPassed() ? 0 : 1;
}

} // namespace

int main(int argc, char** argv)
{
    try {
        const BenchOptions options = BenchOptions::parse(argc, argv);
        if (options.command == "check-golden")
            return checkGolden(options);
        if (options.command == "attention")
            return benchmarkAttention(options);
        if (options.command == "unet")
            return benchmarkUnet(options);
        if (options.command == "rig")
            return benchmarkRig(options);
        if (options.command == "vae")
            return benchmarkVae(options);
        if (options.command == "sweep")
            return benchmarkSweep(options);
        if (options.command == "train")
            return benchmarkTrain(options);
        std::fprintf(stderr, "unknown command '%s'\n%s", options.command.c_str(), BenchOptions::usage());
        return 2;
    } catch (const fr2r::InvalidArgumentError& error) {
        std::fprintf(stderr, "fr2r-bench: %s\n%s", error.what(), BenchOptions::usage());
        return 2;
    } catch (const fr2r::Error& error) {
        std::fprintf(stderr, "fr2r-bench: %s\n", error.what());
        return 3;
    } catch (const c10::Error& error) {
        std::fprintf(stderr, "fr2r-bench: LibTorch: %s\n", error.what_without_backtrace());
        return 3;
    }
}
