#pragma once

#include <torch/nn/module.h>

#include <memory>

namespace fr2r::core {

// Points the weight member a module's forward reads (torch::nn::Linear, Embedding) at a computed tensor, and
// back at its registered parameter on restore() or destruction. Training reparametrises frozen layers this
// way (W + scale * B A for LoRA, the table with new rows for textual inversion) through the very modules
// inference runs, without changing them.
class WeightOverride
{
public:
    WeightOverride(std::shared_ptr<torch::nn::Module> owner, at::Tensor& weight);
    ~WeightOverride();
    WeightOverride(const WeightOverride&) = delete;
    WeightOverride& operator=(const WeightOverride&) = delete;

    void set(const at::Tensor& value) { *m_weight = value; }
    void restore() { *m_weight = m_original; }
    const at::Tensor& original() const { return m_original; } // the registered (frozen) parameter

private:
    std::shared_ptr<torch::nn::Module> m_owner; // keeps the member below alive
    at::Tensor* m_weight;
    at::Tensor m_original;
};

} // namespace fr2r::core
