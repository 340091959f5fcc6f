#pragma once

#include "core/api/EngineSettings.h"
#include "core/api/EvaluationIo.h"
#include "core/api/ImageBuffer.h"

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

// No LibTorch in this header: the ui's EvaluateDialog includes it.
namespace fr2r::metrics {

// What to evaluate, as the paper does: SSIM and LPIPS of each generated image against its rendered input,
// KID of all generated images against real photos.
struct EvaluationOptions
{
    std::string generatedDir;     // translated images
    std::string renderedDir;      // their inputs, same relative paths (any image extension)
    std::string realDir;          // real photos for KID; empty: no KID
    std::string lpipsWeights;     // lpips_alex.safetensors; empty: no LPIPS
    std::string inceptionWeights; // fid_inception.safetensors; needed with realDir
    std::string cacheDir;         // where the Inception feature cache lives; empty: in the real/generated folders
    core::DeviceChoice device = core::DeviceChoice::Auto;
    int batchSize = 8;
    int kidSubsets = 100;    // torch-fidelity's defaults
    int kidSubsetSize = 1000;
};

struct EvaluationProgress
{
    std::string phase; // "pairs", "real features", "generated features"
    int done = 0;
    int total = 0;
};

// Mean and population standard deviation (np.std) over `count` values, as the paper's tables give them.
struct MetricSummary
{
    double mean = 0;
    double std = 0;
    int count = 0;
};

struct PairResult
{
    std::string generated; // relative path in generatedDir
    std::string rendered;  // relative path in renderedDir
    double ssim = 0;
    std::optional<double> lpips;
    bool resized = false; // the rendered image was resized (area) to the generated one's size
};

struct KidSummary
{
    double mean = 0;
    double std = 0;
    int subsets = 0;
    int subsetSize = 0;
    int realImages = 0;
    int generatedImages = 0;
    int embedded = 0; // images whose features were computed now rather than read from the cache
};

struct UnreadableFile
{
    std::string path; // full path
    std::string reason;
};

struct EvaluationReport
{
    EvaluationOptions options;
    std::string device; // where the networks ran ("cpu", "cuda:0")
    std::vector<PairResult> pairs;
    std::vector<std::string> unpairedGenerated; // relative paths with no rendered counterpart
    std::vector<std::string> unpairedRendered;  // relative paths with no generated counterpart
    std::vector<UnreadableFile> unreadable;
    std::vector<std::string> warnings; // e.g. a feature cache that could not be saved
    std::optional<MetricSummary> ssim;
    std::optional<MetricSummary> lpips;
    std::optional<KidSummary> kid;
};

// Runs the evaluation: pairs files by relative path without extension (out/a/b.png <-> renders/a/b.jpg),
// computes the metrics in batches on the chosen device, and lists unpaired and unreadable files instead of
// failing on them. Throws ModelFormatError for missing/wrong weights (naming the file and the option),
// fr2r::Error for a missing folder, Cancelled when *cancel becomes true.
class Evaluation
{
public:
    using ProgressCallback = std::function<void(const EvaluationProgress&)>;

    Evaluation(EvaluationOptions options, core::EvaluationIo io);

    EvaluationReport run(const ProgressCallback& progress = {}, const std::atomic<bool>* cancel = nullptr) const;

    // Report files, written atomically; throw fr2r::Error naming the path on failure.
    static std::string jsonText(const EvaluationReport& report);
    static std::string csvText(const EvaluationReport& report); // header + one row per pair
    static void writeJson(const EvaluationReport& report, const std::string& path);
    static void writeCsv(const EvaluationReport& report, const std::string& path);

    // Pure pairing step, exposed for the callers' previews and the tests.
    struct Pairing
    {
        std::vector<std::pair<std::string, std::string>> pairs; // (generated, rendered) relative paths
        std::vector<std::string> unpairedGenerated;
        std::vector<std::string> unpairedRendered;
    };
    static Pairing pairByRelativePath(const std::vector<std::string>& generated,
                                      const std::vector<std::string>& rendered);
    static MetricSummary summarize(const std::vector<double>& values);

private:
    EvaluationReport evaluate(const ProgressCallback& progress, const std::atomic<bool>* cancel) const;

    EvaluationOptions m_options;
    core::EvaluationIo m_io;
};

} // namespace fr2r::metrics
