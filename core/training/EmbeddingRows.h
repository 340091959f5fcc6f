#pragma once

#include "core/model/ClipTextModel.h"
#include "core/training/WeightOverride.h"

#include <memory>

namespace fr2r::core {

// Textual inversion's trainable rows: n new token vectors appended to the text encoder's token table (ids
// firstId() ..), the only part of the encoder that learns. While apply() is in effect the encoder reads the
// frozen table with rows() appended; restore() writes the learned rows into the table itself.
class EmbeddingRows
{
public:
    EmbeddingRows(ClipTextModel& encoder, const at::Tensor& initialRows); // initialRows [n, hidden]

    void apply();   // call before each forward
    void restore(); // the table's last rows become rows(); forward reads the table again

    int64_t firstId() const { return m_firstId; }
    at::Tensor& rows() { return m_rows; } // [n, hidden] float32, requires grad
    const at::Tensor& rows() const { return m_rows; }

private:
    int64_t m_firstId = 0;
    at::Tensor m_frozen; // [V, hidden], the table without the new rows
    at::Tensor m_rows;
    std::unique_ptr<WeightOverride> m_table;
};

} // namespace fr2r::core
