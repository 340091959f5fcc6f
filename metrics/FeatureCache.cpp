#include "metrics/FeatureCache.h"

#include "core/api/Error.h"
#include "core/io/SafeTensorsFile.h"

#include <torch/torch.h>

#include <filesystem>

namespace fr2r::metrics {

namespace {

constexpr const char* kWeightsKey = "weights_sha256";
constexpr const char* kKindKey = "fr2r";
constexpr const char* kKind = "inception-feature-cache";

} // namespace

FeatureCache::FeatureCache(std::string path, std::string weightsHash)
    : m_path(std::move(path))
    , m_weightsHash(std::move(weightsHash))
{
    read();
}

void FeatureCache::read()
{
    if (!std::filesystem::is_regular_file(m_path))
        return;
    try {
        const core::SafeTensorsFile file(m_path);
        const auto& metadata = file.metadata();
        const auto weights = metadata.find(kWeightsKey);
        if (weights == metadata.end() || weights->second != m_weightsHash)
            return;
        for (const auto& info : file.tensors())
            m_entries[info.name] = file.load(info).to(at::kFloat);
    } catch (const fr2r::Error&) {
        // A damaged cache only costs recomputation; save() replaces it.
        m_entries.clear();
    }
}

std::optional<at::Tensor> FeatureCache::find(const std::string& contentHash) const
{
    const auto entry = m_entries.find(contentHash);
    if (entry == m_entries.end())
        return std::nullopt;
    return entry->second;
}

void FeatureCache::store(const std::string& contentHash, const at::Tensor& features)
{
    m_entries[contentHash] = features.detach().to(at::kCPU, at::kFloat).reshape({-1}).clone(); // [D]
    m_modified = true;
}

at::Tensor FeatureCache::lookup(const std::vector<std::string>& contentHashes,
                                const std::function<at::Tensor(const std::vector<size_t>& misses)>& embed)
{
    std::vector<size_t> misses;
    for (size_t i = 0; i < contentHashes.size(); ++i) {
        if (!m_entries.count(contentHashes[i]))
            misses.push_back(i);
    }
    if (!misses.empty()) {
        const auto computed = embed(misses); // [misses, D]
        if (computed.dim() != 2 || computed.size(0) != int64_t(misses.size()))
            throw InvalidArgumentError("feature cache: expected features for " + std::to_string(misses.size()) +
                                       " images, got a tensor of shape " + c10::str(computed.sizes()));
        for (size_t k = 0; k < misses.size(); ++k)
            store(contentHashes[misses[k]], computed[int64_t(k)]);
    }
    std::vector<at::Tensor> rows;
    rows.reserve(contentHashes.size());
    for (const auto& hash : contentHashes)
        rows.push_back(m_entries.at(hash));
    return rows.empty() ? torch::zeros({0, 0}) : torch::stack(rows); // [N, D]
}

void FeatureCache::save()
{
    if (!m_modified)
        return;
    std::vector<std::pair<std::string, at::Tensor>> tensors(m_entries.begin(), m_entries.end());
    core::writeSafeTensors(m_path, tensors, {{kWeightsKey, m_weightsHash}, {kKindKey, kKind}});
    m_modified = false;
}

} // namespace fr2r::metrics
