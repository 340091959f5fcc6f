#pragma once

#include "core/model/Attention.h"
#include "core/training/WeightOverride.h"

#include <ATen/core/Generator.h>
#include <torch/types.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace fr2r::core {

class SafeTensorsFile;

struct LoraOptions
{
    int64_t rank = 4;
    double alpha = 4.0; // the side path is scaled by alpha / rank
};

// Trainable LoRA side paths W x + b + (alpha / rank) * B (A x) on every to_q, to_k, to_v and to_out.0 of the
// attn1 and attn2 layers below a UNet, attached to the inference model's own attention modules (LowRankAdapter)
// while apply() is in effect; the frozen W is never changed. A starts Kaiming-uniform as PEFT does, B at zero.
class LoraLayers
{
public:
    LoraLayers(torch::nn::Module& unet, const LoraOptions& options, at::Generator generator);
    ~LoraLayers();
    LoraLayers(const LoraLayers&) = delete;
    LoraLayers& operator=(const LoraLayers&) = delete;

    // Attaches the side paths (training: gradients reach A and B only, never the frozen weights).
    void apply();
    // Frozen use (previews, the embedding stage): the projections compute with W + scale * B A, as fast as
    // inference; nothing is differentiated. Reflects the matrices as they are now.
    void applyMerged();
    void restore(); // the layers compute with their frozen weights again

    double scale() const { return m_options.alpha / static_cast<double>(m_options.rank); }
    size_t moduleCount() const { return m_layers.size(); }
    std::vector<at::Tensor> parameters() const; // A then B of each module, in module order
    // {"unet.<module>.lora_A.weight" / "lora_B.weight", matrix}, in parameters()' order, sharing their storage;
    // upScale != 1 gives B times upScale instead (a PEFT file stores no alpha).
    std::vector<std::pair<std::string, at::Tensor>> namedMatrices(double upScale = 1.0) const;
    // Copies every matrix from file's "<prefix><peft key>"; throws ModelFormatError naming a missing key or bad shape.
    void assign(const SafeTensorsFile& file, const std::string& prefix);

private:
    struct Layer
    {
        std::string module; // dotted diffusers name below the UNet
        std::shared_ptr<AttentionImpl> attention;
        AttentionImpl::Projection projection;
        std::unique_ptr<WeightOverride> weight; // for applyMerged()
        std::shared_ptr<const LowRankAdapter> adapter; // for apply(): reads down and up below
        at::Tensor down;    // A [rank, in]
        at::Tensor up;      // B [out, rank]
    };

    void addLayer(const std::string& attentionName, const std::shared_ptr<AttentionImpl>& attention,
                  AttentionImpl::Projection projection, at::Generator& generator);

    LoraOptions m_options;
    std::vector<Layer> m_layers;
};

} // namespace fr2r::core
