#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace fr2r::core {

struct UNetConfig;
struct AutoencoderConfig;
struct ClipTextConfig;

// A single-file key translated to diffusers: component ("unet", "vae", "text_encoder") and the
// name inside it; squeezeToLinear marks the VAE attention projections stored as [C, C, 1, 1].
struct MappedKey
{
    std::string component;
    std::string name;
    bool squeezeToLinear = false;
};

// Every CompVis/LDM single-file name <-> diffusers name rule for SD 1.x UNet, VAE and CLIP text
// encoder, built from the configs (levels, layers per block, attention per level), never from
// fixed SD 1.5 loop bounds. Each module of the model is one row (single-file prefix, diffusers
// prefix, kind); a key maps through its longest row prefix and the kind's suffix table.
class KeyMap
{
public:
    static constexpr const char* kUnetPrefix = "model.diffusion_model.";
    static constexpr const char* kVaePrefix = "first_stage_model.";
    // transformers >= 4.31 nests CLIPTextModel under text_model.; older CompVis files do not
    static constexpr const char* kTextPrefix = "cond_stage_model.transformer.text_model.";
    static constexpr const char* kTextPrefixFlat = "cond_stage_model.transformer.";

    enum class Kind
    {
        Same,         // identical sub-names (transformers, convolutions, CLIP layers)
        UNetResnet,   // ResBlock -> ResnetBlock2D
        VaeResnet,    // ResnetBlock -> ResnetBlock2D
        VaeAttention, // AttnBlock -> Attention
    };

    struct Module
    {
        std::string component;
        std::string singleFile; // full single-file prefix without the trailing dot
        std::string diffusers;  // prefix inside the component, without the trailing dot
        Kind kind = Kind::Same;
    };

    // textPrefix: kTextPrefix or kTextPrefixFlat, whichever the file uses.
    KeyMap(const UNetConfig& unet, const AutoencoderConfig& vae, const ClipTextConfig& text,
           std::string textPrefix = kTextPrefix);

    std::optional<MappedKey> toDiffusers(const std::string& singleFileKey) const;
    std::optional<std::string> toSingleFile(const std::string& component, const std::string& diffusersName) const;
    const std::vector<Module>& modules() const { return m_modules; }

    // Older diffusers folders use other names for the same weights: transformers < 5 nests the text
    // encoder under "text_model.", diffusers < 0.14 wrote the VAE's mid attention as query/key/value/proj_attn.
    static std::string normalizeDiffusersName(const std::string& component, const std::string& name);
    // Buffers that are not weights (CLIP's position_ids) in either layout.
    static bool isBuffer(const std::string& name);

private:
    void addUNet(const UNetConfig& config);
    void addVae(const AutoencoderConfig& config);
    void addText(const ClipTextConfig& config);
    void add(const std::string& component, std::string singleFile, std::string diffusers, Kind kind);

    std::string m_textPrefix;
    std::vector<Module> m_modules;
    std::map<std::string, size_t> m_bySingleFile;
    std::map<std::string, size_t> m_byDiffusers; // "component/prefix"
};

} // namespace fr2r::core
