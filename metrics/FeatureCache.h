#pragma once

#include <torch/types.h>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace fr2r::metrics {

// Inception features of image files, kept in one safetensors file (per image folder or per cache dir: the
// caller picks the path) so that re-evaluating after a new sweep only embeds the new images. Entries are
// keyed by the image file's content hash (sha256File); the weights' hash is stored in the file's metadata,
// and a cache written for other weights is ignored and replaced on save. It never reads images itself.
class FeatureCache
{
public:
    // A file name to put in an image folder or cache dir.
    static constexpr const char* kDefaultFileName = "fr2r_inception_features.safetensors";

    // Reads path when it exists and was written for weightsHash; a missing, stale or damaged cache starts empty.
    FeatureCache(std::string path, std::string weightsHash);

    // The stored features [D] (float32, CPU) of an image with this content hash.
    std::optional<at::Tensor> find(const std::string& contentHash) const;
    // Remembers features [D] (or [1, D]) of an image; kept in memory until save().
    void store(const std::string& contentHash, const at::Tensor& features);

    // Features [N, D] for contentHashes, in order. embed(misses) receives the indices of the hashes not in the
    // cache (called once, and only when there are some) and returns their features [misses.size(), D],
    // which are stored. Throws InvalidArgumentError when embed returns another number of rows.
    at::Tensor lookup(const std::vector<std::string>& contentHashes,
                      const std::function<at::Tensor(const std::vector<size_t>& misses)>& embed);

    // Writes the cache atomically when something was stored since it was read or last saved.
    void save();

    size_t size() const { return m_entries.size(); }
    bool modified() const { return m_modified; }
    const std::string& path() const { return m_path; }

private:
    void read();

    std::string m_path;
    std::string m_weightsHash;
    std::map<std::string, at::Tensor> m_entries;
    bool m_modified = false;
};

} // namespace fr2r::metrics
