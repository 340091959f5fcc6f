#include "metrics/Evaluation.h"

#include "core/api/AtomicFile.h"
#include "core/api/Error.h"
#include "core/api/Sha256.h"
#include "core/io/ImageTensor.h"
#include "core/model/ComputeContext.h"
#include "core/model/TorchErrorBoundary.h"
#include "metrics/FeatureCache.h"
#include "metrics/FidInceptionV3.h"
#include "metrics/Kid.h"
#include "metrics/LpipsAlex.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <cmath>
#include <filesystem>
#include <locale>
#include <map>
#include <set>
#include <sstream>

namespace fr2r::metrics {

namespace {

namespace fs = std::filesystem;

std::string joinPath(const std::string& folder, const std::string& relative)
{
    return (fs::u8path(folder) / fs::u8path(relative)).u8string();
}

std::string withoutExtension(const std::string& relative)
{
    const auto path = fs::u8path(relative);
    return (path.parent_path() / path.stem()).generic_u8string();
}

// What every phase of one run shares.
struct RunContext
{
    const EvaluationOptions& options;
    const core::EvaluationIo& io;
    const Evaluation::ProgressCallback& progress;
    const std::atomic<bool>* cancel;
    EvaluationReport& report;

    void checkCancel() const
    {
        if (cancel && cancel->load())
            throw Cancelled();
    }
    void tell(const std::string& phase, int done, int total) const
    {
        if (progress)
            progress({phase, done, total});
    }
    void addUnreadable(const std::string& path, const std::string& reason) const
    {
        for (const auto& entry : report.unreadable) {
            if (entry.path == path)
                return;
        }
        report.unreadable.push_back({path, reason});
    }
    std::optional<ImageBuffer> read(const std::string& path) const
    {
        try {
            return io.readImage(path);
        } catch (const Error& error) {
            addUnreadable(path, error.what());
            return std::nullopt;
        }
    }
};

// LPIPS over pairs of equal size, gathered into batches.
class LpipsBatcher
{
public:
    LpipsBatcher(LpipsAlex& network, int batchSize, std::vector<PairResult>& pairs)
        : m_network(network)
        , m_batchSize(std::max(1, batchSize))
        , m_pairs(pairs)
    {
    }

    void add(size_t pairIndex, const ImageBuffer& generated, const ImageBuffer& rendered)
    {
        if (!m_indices.empty() && (generated.width != m_width || generated.height != m_height))
            flush();
        m_width = generated.width;
        m_height = generated.height;
        m_indices.push_back(pairIndex);
        m_generated.push_back(core::imageToTensor(generated)); // [1, 3, H, W] in [0, 1]
        m_rendered.push_back(core::imageToTensor(rendered));
        if (int(m_indices.size()) >= m_batchSize)
            flush();
    }

    void flush()
    {
        if (m_indices.empty())
            return;
        const auto device = m_network->device();
        const auto x0 = torch::cat(m_generated).to(device) * 2 - 1; // [B, 3, H, W] in [-1, 1]
        const auto x1 = torch::cat(m_rendered).to(device) * 2 - 1;
        const auto distances = m_network->distance(x0, x1).to(at::kCPU, at::kDouble); // [B]
        for (size_t k = 0; k < m_indices.size(); ++k)
            m_pairs[m_indices[k]].lpips = distances[int64_t(k)].item<double>();
        m_indices.clear();
        m_generated.clear();
        m_rendered.clear();
    }

private:
    LpipsAlex& m_network;
    int m_batchSize;
    std::vector<PairResult>& m_pairs;
    int m_width = 0;
    int m_height = 0;
    std::vector<size_t> m_indices;
    std::vector<at::Tensor> m_generated;
    std::vector<at::Tensor> m_rendered;
};

void evaluatePairs(const RunContext& ctx, const Evaluation::Pairing& pairing, LpipsAlex* lpips)
{
    auto& report = ctx.report;
    std::optional<LpipsBatcher> batcher;
    if (lpips)
        batcher.emplace(*lpips, ctx.options.batchSize, report.pairs);
    const int total = int(pairing.pairs.size());
    for (int i = 0; i < total; ++i) {
        ctx.checkCancel();
        const auto& [generatedName, renderedName] = pairing.pairs[size_t(i)];
        const auto generated = ctx.read(joinPath(ctx.options.generatedDir, generatedName));
        auto rendered = ctx.read(joinPath(ctx.options.renderedDir, renderedName));
        if (generated && rendered) {
            PairResult pair;
            pair.generated = generatedName;
            pair.rendered = renderedName;
            pair.resized = generated->width != rendered->width || generated->height != rendered->height;
            if (pair.resized)
                rendered = ctx.io.resizeArea(*rendered, generated->width, generated->height);
            try {
                pair.ssim = ctx.io.ssim(*generated, *rendered);
                report.pairs.push_back(pair);
                if (batcher)
                    batcher->add(report.pairs.size() - 1, *generated, *rendered);
            } catch (const InvalidArgumentError& error) { // e.g. smaller than SSIM's 11x11 window
                ctx.addUnreadable(joinPath(ctx.options.generatedDir, generatedName), error.what());
            }
        }
        ctx.tell("pairs", i + 1, total);
    }
    if (batcher)
        batcher->flush();
}

// Embeds the images at paths (cache misses) in batches of one size and stores their features under hashes.
int embedMissing(const RunContext& ctx, FidInceptionV3& network, FeatureCache& cache,
                 const std::vector<std::string>& paths, const std::vector<std::string>& hashes, const std::string& phase)
{
    const size_t batchSize = size_t(std::max(1, ctx.options.batchSize));
    int embedded = 0;
    for (size_t start = 0; start < paths.size(); start += batchSize) {
        ctx.checkCancel();
        std::map<std::pair<int, int>, std::vector<std::pair<size_t, ImageBuffer>>> bySize;
        for (size_t i = start; i < std::min(paths.size(), start + batchSize); ++i) {
            if (auto image = ctx.read(paths[i]))
                bySize[{image->width, image->height}].emplace_back(i, std::move(*image));
        }
        for (auto& [size, items] : bySize) {
            std::vector<ImageBuffer> images;
            for (auto& item : items)
                images.push_back(std::move(item.second));
            const auto features = network->features(core::imagesToTensor(images)).cpu(); // [B, 2048]
            for (size_t k = 0; k < items.size(); ++k)
                cache.store(hashes[items[k].first], features[int64_t(k)]);
            embedded += int(items.size());
        }
        ctx.tell(phase, int(std::min(paths.size(), start + batchSize)), int(paths.size()));
    }
    return embedded;
}

// Inception features [N, 2048] of the readable images of folder, from the cache where it has them.
at::Tensor folderFeatures(const RunContext& ctx, FidInceptionV3& network, FeatureCache& cache,
                          const std::string& folder, const std::string& phase, int& embedded)
{
    std::vector<std::string> hashes;
    std::vector<std::string> missingPaths;
    std::vector<std::string> missingHashes;
    std::set<std::string> queued;
    for (const auto& relative : ctx.io.listImages(folder)) {
        ctx.checkCancel();
        const auto path = joinPath(folder, relative);
        try {
            hashes.push_back(core::sha256File(path));
        } catch (const Error& error) {
            ctx.addUnreadable(path, error.what());
            continue;
        }
        if (!cache.find(hashes.back()) && queued.insert(hashes.back()).second) {
            missingPaths.push_back(path);
            missingHashes.push_back(hashes.back());
        }
    }
    embedded += embedMissing(ctx, network, cache, missingPaths, missingHashes, phase);
    std::vector<at::Tensor> rows;
    for (const auto& hash : hashes) {
        if (const auto features = cache.find(hash)) // absent: the image was unreadable (listed)
            rows.push_back(*features);
    }
    return rows.empty() ? torch::zeros({0, 2048}) : torch::stack(rows); // [N, 2048]
}

void evaluateKid(const RunContext& ctx, FidInceptionV3& network)
{
    const auto& options = ctx.options;
    const std::string weightsHash = core::sha256File(options.inceptionWeights);
    std::map<std::string, FeatureCache> caches; // one object per file, also when both folders share a cache dir
    auto cacheFor = [&](const std::string& folder) -> FeatureCache& {
        const auto path = joinPath(options.cacheDir.empty() ? folder : options.cacheDir, FeatureCache::kDefaultFileName);
        return caches.try_emplace(path, path, weightsHash).first->second;
    };
    KidSummary kid;
    const auto real = folderFeatures(ctx, network, cacheFor(options.realDir), options.realDir, "real features",
                                     kid.embedded);
    const auto generated = folderFeatures(ctx, network, cacheFor(options.generatedDir), options.generatedDir,
                                          "generated features", kid.embedded);
    for (auto& [path, cache] : caches) {
        try {
            cache.save();
        } catch (const Error& error) {
            ctx.report.warnings.push_back(std::string("feature cache not saved: ") + error.what());
        }
    }
    kid.realImages = int(real.size(0));
    kid.generatedImages = int(generated.size(0));
    if (kid.realImages < 2 || kid.generatedImages < 2) {
        ctx.report.warnings.push_back("KID needs at least 2 readable real and 2 generated images, found " +
                                      std::to_string(kid.realImages) + " and " + std::to_string(kid.generatedImages));
        return;
    }
    const auto result = kernelInceptionDistance(real, generated, options.kidSubsets, options.kidSubsetSize);
    kid.mean = result.mean;
    kid.std = result.std;
    kid.subsets = result.subsets;
    kid.subsetSize = result.subsetSize;
    ctx.report.kid = kid;
}

std::string number(double value)
{
    std::ostringstream text;
    text.imbue(std::locale::classic()); // Qt sets the C locale from the environment: keep '.' decimals
    text.precision(9);
    text << value;
    return text.str();
}

std::string csvField(const std::string& text)
{
    if (text.find_first_of(",\"\n\r") == std::string::npos)
        return text;
    std::string quoted = "\"";
    for (char c : text)
        quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

nlohmann::json summaryJson(const MetricSummary& summary)
{
    return {{"mean", summary.mean}, {"std", summary.std}, {"count", summary.count}};
}

void writeText(const std::string& text, const std::string& path)
{
    core::AtomicFile file(path);
    file.write(text.data(), text.size());
    file.commit();
}

} // namespace

Evaluation::Evaluation(EvaluationOptions options, core::EvaluationIo io)
    : m_options(std::move(options))
    , m_io(std::move(io))
{
}

EvaluationReport Evaluation::run(const ProgressCallback& progress, const std::atomic<bool>* cancel) const
{
    const core::TorchErrorBoundary boundary(m_options.device == core::DeviceChoice::Cpu ? "CPU" : "device",
                                            "batch size " + std::to_string(m_options.batchSize),
                                            "lower the batch size or evaluate on the CPU");
    return boundary.run([&] { return evaluate(progress, cancel); });
}

EvaluationReport Evaluation::evaluate(const ProgressCallback& progress, const std::atomic<bool>* cancel) const
{
    EvaluationReport report;
    report.options = m_options;
    const bool kid = !m_options.realDir.empty();
    if (kid && m_options.inceptionWeights.empty())
        throw InvalidArgumentError("KID against " + m_options.realDir +
                                   " needs the Inception weights (fid_inception.safetensors): set them in Settings or "
                                   "--inception-weights");
    core::ComputeContext::configureCpu();
    const auto device = core::ComputeContext::choose(m_options.device, core::PrecisionChoice::Fp32).device();
    report.device = device.str();
    // Load the networks first so a wrong weight file fails before any work.
    std::optional<LpipsAlex> lpips;
    if (!m_options.lpipsWeights.empty())
        lpips = LpipsAlex::load(m_options.lpipsWeights, device);
    std::optional<FidInceptionV3> inception;
    if (kid)
        inception = FidInceptionV3::load(m_options.inceptionWeights, device);

    torch::NoGradGuard noGrad;
    const RunContext ctx{m_options, m_io, progress, cancel, report};
    const auto pairing = pairByRelativePath(m_io.listImages(m_options.generatedDir), m_io.listImages(m_options.renderedDir));
    report.unpairedGenerated = pairing.unpairedGenerated;
    report.unpairedRendered = pairing.unpairedRendered;
    evaluatePairs(ctx, pairing, lpips ? &*lpips : nullptr);

    std::vector<double> ssimValues;
    std::vector<double> lpipsValues;
    for (const auto& pair : report.pairs) {
        ssimValues.push_back(pair.ssim);
        if (pair.lpips)
            lpipsValues.push_back(*pair.lpips);
    }
    if (!ssimValues.empty())
        report.ssim = summarize(ssimValues);
    if (lpips && !lpipsValues.empty())
        report.lpips = summarize(lpipsValues);
    if (inception)
        evaluateKid(ctx, *inception);
    return report;
}

Evaluation::Pairing Evaluation::pairByRelativePath(const std::vector<std::string>& generated,
                                                  const std::vector<std::string>& rendered)
{
    Pairing pairing;
    std::map<std::string, std::string> renderedByStem; // the first file of each stem; later ones stay unpaired
    std::set<std::string> used;
    for (const auto& name : rendered) {
        if (!renderedByStem.emplace(withoutExtension(name), name).second)
            pairing.unpairedRendered.push_back(name);
    }
    for (const auto& name : generated) {
        const auto match = renderedByStem.find(withoutExtension(name));
        if (match != renderedByStem.end() && used.insert(match->second).second)
            pairing.pairs.emplace_back(name, match->second);
        else
            pairing.unpairedGenerated.push_back(name);
    }
    for (const auto& [stem, name] : renderedByStem) {
        if (!used.count(name))
            pairing.unpairedRendered.push_back(name);
    }
    std::sort(pairing.unpairedRendered.begin(), pairing.unpairedRendered.end());
    return pairing;
}

MetricSummary Evaluation::summarize(const std::vector<double>& values)
{
    MetricSummary summary;
    summary.count = int(values.size());
    if (values.empty())
        return summary;
    for (double value : values)
        summary.mean += value;
    summary.mean /= double(values.size());
    double squares = 0;
    for (double value : values)
        squares += (value - summary.mean) * (value - summary.mean);
    summary.std = std::sqrt(squares / double(values.size())); // population std, as np.std
    return summary;
}

std::string Evaluation::jsonText(const EvaluationReport& report)
{
    nlohmann::json json;
    json["generated"] = report.options.generatedDir;
    json["rendered"] = report.options.renderedDir;
    json["real"] = report.options.realDir;
    json["device"] = report.device;
    nlohmann::json summary = nlohmann::json::object();
    if (report.ssim)
        summary["ssim"] = summaryJson(*report.ssim);
    if (report.lpips)
        summary["lpips"] = summaryJson(*report.lpips);
    if (const auto& kid = report.kid) {
        summary["kid"] = {{"mean", kid->mean}, {"std", kid->std}, {"subsets", kid->subsets},
                          {"subset_size", kid->subsetSize}, {"real_images", kid->realImages},
                          {"generated_images", kid->generatedImages}, {"embedded", kid->embedded}};
    }
    json["summary"] = summary;
    json["pairs"] = nlohmann::json::array();
    for (const auto& pair : report.pairs) {
        nlohmann::json row{{"generated", pair.generated}, {"rendered", pair.rendered}, {"ssim", pair.ssim},
                           {"resized", pair.resized}};
        row["lpips"] = pair.lpips ? nlohmann::json(*pair.lpips) : nlohmann::json();
        json["pairs"].push_back(row);
    }
    json["unpaired_generated"] = report.unpairedGenerated;
    json["unpaired_rendered"] = report.unpairedRendered;
    json["unreadable"] = nlohmann::json::array();
    for (const auto& file : report.unreadable)
        json["unreadable"].push_back({{"path", file.path}, {"reason", file.reason}});
    json["warnings"] = report.warnings;
    return json.dump(2) + "\n";
}

std::string Evaluation::csvText(const EvaluationReport& report)
{
    std::string text = "generated,rendered,ssim,lpips,resized\n";
    for (const auto& pair : report.pairs) {
        text += csvField(pair.generated) + "," + csvField(pair.rendered) + "," + number(pair.ssim) + "," +
                (pair.lpips ? number(*pair.lpips) : std::string()) + "," + (pair.resized ? "1" : "0") + "\n";
    }
    return text;
}

void Evaluation::writeJson(const EvaluationReport& report, const std::string& path)
{
    writeText(jsonText(report), path);
}

void Evaluation::writeCsv(const EvaluationReport& report, const std::string& path)
{
    writeText(csvText(report), path);
}

} // namespace fr2r::metrics
