#pragma once

#include "core/io/AutoencoderConfig.h"
#include "core/io/ClipTextConfig.h"
#include "core/io/UNetConfig.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace fr2r::core {

class SafeTensorsFile;

// Reads the UNet, VAE and CLIP text encoder sizes of an SD 1.x single-file checkpoint from its
// tensor shapes (there is no config.json). What shapes cannot tell takes SD 1.x's value:
// UNet heads 8 per level, 32 norm groups, sample size 64, VAE scaling 0.18215; text encoder
// heads = hidden / 64 (SD 1.x: 768 -> 12), or hidden / 8 below 64 (the tiny reference: 32 -> 4).
class ConfigInference
{
public:
    // Throws ModelFormatError saying what the file looks like when it is not an SD 1.x checkpoint.
    explicit ConfigInference(const SafeTensorsFile& file);

    UNetConfig unet() const;
    AutoencoderConfig vae() const;
    ClipTextConfig text() const;
    // KeyMap::kTextPrefix or KeyMap::kTextPrefixFlat, whichever this file uses.
    const std::string& textPrefix() const { return m_textPrefix; }

    // Empty for an SD 1.x single file, else what the file looks like ("an SDXL checkpoint ...").
    static std::string describeIfNotSd1(const SafeTensorsFile& file);
    static int textHeadsForHidden(int hiddenSize);

private:
    bool has(const std::string& key) const;
    std::vector<int64_t> shape(const std::string& key, const char* purpose) const;
    int count(const std::function<std::string(int)>& keyOf) const; // keys present for 0, 1, ... in a row

    const SafeTensorsFile& m_file;
    std::string m_textPrefix;
};

} // namespace fr2r::core
