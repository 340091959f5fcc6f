#include "core/io/TextualInversionFile.h"

#include "core/api/Error.h"
#include "core/io/SafeTensorsFile.h"

#include <ATen/ATen.h>

#include <filesystem>
#include <sstream>

namespace fr2r::core {
namespace {

bool isPickleExtension(const std::filesystem::path& path)
{
    const std::string extension = path.extension().string();
    return extension == ".pt" || extension == ".ckpt" || extension == ".bin" || extension == ".pth";
}

// [n, dim] float32 vectors from [n, dim] or diffusers' single-vector [dim]; everything else is refused.
at::Tensor checkedVectors(const std::string& path, const std::string& token, const at::Tensor& stored)
{
    std::ostringstream shape;
    shape << stored.sizes();
    const std::string named = path + ": the embedding of '" + token + "' ";
    if (stored.dim() < 1 || stored.dim() > 2)
        throw ModelFormatError(named + "must be [vectors, width] or [width], not " + shape.str());
    if (stored.numel() == 0)
        throw ModelFormatError(named + "holds no vectors (shape " + shape.str() + ")");
    if (!at::isFloatingType(stored.scalar_type()))
        throw ModelFormatError(named + "must hold floating-point values");
    const at::Tensor vectors = stored.dim() == 1 ? stored.unsqueeze(0) : stored;
    if (!at::isfinite(vectors).all().item<bool>())
        throw ModelFormatError(named + "holds NaN or infinite values");
    return vectors.to(at::kFloat);
}

} // namespace

std::vector<std::string> TextualInversion::expandedTokens() const
{
    std::vector<std::string> tokens{token};
    for (int64_t i = 1; i < vectors.size(0); ++i)
        tokens.push_back(token + "_" + std::to_string(i));
    return tokens;
}

std::string TextualInversion::expandPrompt(const std::string& prompt) const
{
    std::string expansion;
    for (const auto& name : expandedTokens())
        expansion += (expansion.empty() ? "" : " ") + name;
    std::string result;
    size_t start = 0;
    for (size_t found = prompt.find(token); found != std::string::npos; found = prompt.find(token, start)) {
        result += prompt.substr(start, found - start) + expansion;
        start = found + token.size();
    }
    return result + prompt.substr(start);
}

TextualInversion loadTextualInversion(const std::string& path)
{
    const auto fsPath = std::filesystem::u8path(path);
    if (isPickleExtension(fsPath))
        throw ModelFormatError(path + ": pickled embeddings (.pt, .ckpt, .bin) are not supported because loading them "
                               "can execute code; convert the file to .safetensors");
    SafeTensorsFile file(path);
    TextualInversion result;
    if (file.contains("emb_params")) {
        result.token = fsPath.stem().u8string();
        result.vectors = file.load("emb_params");
    } else if (file.tensors().size() == 1) {
        result.token = file.tensors().front().name;
        result.vectors = file.load(file.tensors().front());
    } else {
        throw ModelFormatError(path + ": not a textual-inversion embedding (expected one {token: [n, dim]} tensor or "
                               "A1111's emb_params)");
    }
    result.vectors = checkedVectors(path, result.token, result.vectors);
    return result;
}

} // namespace fr2r::core
