#pragma once

#include <torch/types.h>

#include <map>
#include <string>
#include <vector>

namespace torch::nn {
class Module;
}

namespace fr2r::core {

// One low-rank update: W += multiplier * scale * (up @ down), for a module named by its
// underscored form (kohya) or its dotted diffusers name (PEFT).
struct LoraUpdate
{
    std::string component; // "unet" or "text_encoder"
    std::string module;    // PEFT: dotted diffusers name; kohya: underscored name to resolve
    bool underscored = false;
    at::Tensor down;       // lora_A / lora_down: [r, in] or [r, in, kh, kw]
    at::Tensor up;         // lora_B / lora_up: [out, r] or [out, r, 1, 1]
    double scale = 1.0;    // alpha / rank (kohya) or 1 (PEFT files store no alpha)
};

// The diffusers/PEFT key of a LoRA matrix, as LoraFile::load reads it: "<component>.<module>.lora_A.weight"
// (down) or "<component>.<module>.lora_B.weight" (up).
std::string peftLoraKey(const std::string& component, const std::string& module, bool up);

// A LoRA file in diffusers/PEFT (`unet.<module>.lora_A.weight`) or kohya
// (`lora_unet_<module_with_underscores>.lora_down.weight`, `.alpha`) layout.
class LoraFile
{
public:
    static LoraFile load(const std::string& path); // throws ModelFormatError

    const std::string& path() const { return m_path; }
    const std::string& format() const { return m_format; } // "peft" or "kohya"
    const std::vector<LoraUpdate>& updates() const { return m_updates; }

    // Merges every update into the named modules' weights. aliases maps extra module names
    // (e.g. CompVis names of a kohya file written for an LDM checkpoint) to diffusers names.
    // Throws ModelFormatError listing updates whose module is not found or whose shape does not fit.
    void mergeInto(torch::nn::Module& unet, torch::nn::Module* textEncoder, double multiplier,
                   const std::map<std::string, std::string>& unetAliases = {}) const;

private:
    std::string m_path;
    std::string m_format;
    std::vector<LoraUpdate> m_updates;
};

} // namespace fr2r::core
