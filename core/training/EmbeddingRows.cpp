#include "core/training/EmbeddingRows.h"

#include "core/api/Error.h"

#include <torch/torch.h>

namespace fr2r::core {

EmbeddingRows::EmbeddingRows(ClipTextModel& encoder, const at::Tensor& initialRows)
{
    m_firstId = encoder->appendTokenEmbeddings(initialRows);
    const auto modules = encoder->named_modules("", false);
    const auto* found = modules.find("embeddings.token_embedding");
    auto table = found ? std::dynamic_pointer_cast<torch::nn::EmbeddingImpl>(*found) : nullptr;
    if (!table)
        throw ModelFormatError("text encoder: no embeddings.token_embedding table for textual inversion");
    m_frozen = table->weight.detach().narrow(0, 0, m_firstId);
    m_rows = initialRows.detach().to(table->weight.device(), at::kFloat).clone().requires_grad_();
    m_table = std::make_unique<WeightOverride>(table, table->weight);
}

void EmbeddingRows::apply()
{
    m_table->set(torch::cat({m_frozen, m_rows.to(m_frozen.scalar_type())}, 0)); // [V + n, hidden]
}

void EmbeddingRows::restore()
{
    m_table->restore();
    torch::NoGradGuard noGrad;
    at::Tensor table = m_table->original();
    table.narrow(0, m_firstId, m_rows.size(0)).copy_(m_rows);
}

} // namespace fr2r::core
