#pragma once

#include "core/io/AutoencoderConfig.h"
#include "core/io/ClipTextConfig.h"
#include "core/io/UNetConfig.h"

#include <cstdint>
#include <string>
#include <vector>

namespace fr2r::core {

class ComponentWeights;

// The shapes a configuration implies for the tensors that carry its sizes (channels per level, layers per block,
// transformer depth, context width, vocabulary, ...), compared with a weight index before any module is built:
// a config.json that disagrees with its weights is refused without allocating the model it describes.
// StateDictLoader still compares every tensor once the (then weight-sized) modules exist.
class ExpectedShapes
{
public:
    static ExpectedShapes unet(const UNetConfig& config);
    static ExpectedShapes vae(const AutoencoderConfig& config);
    static ExpectedShapes text(const ClipTextConfig& config);

    // Throws ModelFormatError naming configFile and the tensor (with its file) that is missing or shaped otherwise.
    void check(const ComponentWeights& weights, const std::string& configFile) const;

private:
    struct Entry
    {
        std::string name;
        std::vector<int64_t> shape;
    };

    void add(std::string name, std::vector<int64_t> shape);
    void addUNetTransformer(const std::string& prefix, int64_t channels, const UNetConfig& config);
    void addUNetLevel(const std::string& prefix, int64_t channels, int resnets, bool crossAttention,
                      const UNetConfig& config);

    std::vector<Entry> m_entries;
};

} // namespace fr2r::core
