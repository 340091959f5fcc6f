#include "core/training/WeightOverride.h"

namespace fr2r::core {

WeightOverride::WeightOverride(std::shared_ptr<torch::nn::Module> owner, at::Tensor& weight)
    : m_owner(std::move(owner))
    , m_weight(&weight)
    , m_original(weight)
{
}

WeightOverride::~WeightOverride()
{
    restore();
}

} // namespace fr2r::core
