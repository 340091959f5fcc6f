#include "core/io/StateDictLoader.h"

#include "core/api/Error.h"
#include "core/io/ComponentWeights.h"

#include <torch/csrc/autograd/grad_mode.h>

#include <set>
#include <sstream>

namespace fr2r::core {
namespace {

constexpr size_t kListedNames = 5;

std::string shapeText(at::IntArrayRef shape)
{
    std::ostringstream out;
    out << shape;
    return out.str();
}

// "3 missing: a, b, c" with at most kListedNames names and ", ..." after them.
void appendList(std::ostringstream& out, const char* what, const std::vector<std::string>& names)
{
    if (names.empty())
        return;
    out << "; " << names.size() << ' ' << what << ": ";
    for (size_t i = 0; i < names.size() && i < kListedNames; ++i)
        out << (i ? ", " : "") << names[i];
    if (names.size() > kListedNames)
        out << ", ...";
}

// One tensor in the compute dtype on the device, refused when it holds NaN or infinite values there (a
// float32 value past float16's range included). LibTorch's own errors name the file and tensor too.
at::Tensor loadChecked(const ComponentWeights& weights, const std::string& name, at::ScalarType dtype, at::Device device)
{
    at::Tensor value;
    try {
        value = weights.load(name).to(device, dtype).contiguous();
    } catch (const c10::Error& error) {
        const std::string what = error.what_without_backtrace();
        if (dynamic_cast<const c10::OutOfMemoryError*>(&error) || what.find("alloc") != std::string::npos)
            throw; // memory, not the file: the job boundary reports it as such
        throw ModelFormatError(weights.component() + ": " + weights.source(name) + " cannot be loaded: " + what);
    }
    if (at::isFloatingType(dtype) && !value.isfinite().all().item<bool>())
        throw ModelFormatError(weights.component() + ": " + weights.source(name) + " holds NaN or infinite values"
                               + " (as " + c10::toString(dtype) + ")");
    return value;
}

} // namespace

void loadStateDict(torch::nn::Module& module, const ComponentWeights& weights, at::ScalarType dtype, at::Device device,
                   const StopCheck& stop)
{
    std::vector<std::pair<std::string, at::Tensor>> targets;
    for (const auto& item : module.named_parameters(true))
        targets.emplace_back(item.key(), item.value());
    for (const auto& item : module.named_buffers(true))
        targets.emplace_back(item.key(), item.value());

    std::vector<std::string> missing;
    std::vector<std::string> mismatched;
    std::set<std::string> known;
    for (const auto& [name, tensor] : targets) {
        known.insert(name);
        if (!weights.contains(name)) {
            missing.push_back(name);
            continue;
        }
        const std::vector<int64_t> stored = weights.shape(name);
        if (at::IntArrayRef(stored) != tensor.sizes())
            mismatched.push_back(name + " " + shapeText(stored) + " vs " + shapeText(tensor.sizes()));
    }
    std::vector<std::string> unexpected;
    for (const std::string& name : weights.names())
        if (!known.count(name))
            unexpected.push_back(name);

    if (!missing.empty() || !unexpected.empty() || !mismatched.empty()) {
        std::ostringstream message;
        message << weights.component() << ": the weights do not fit the model built from its config";
        appendList(message, "missing", missing);
        appendList(message, "unexpected", unexpected);
        appendList(message, "with another shape (file vs model)", mismatched);
        message << ". Check that the checkpoint is a Stable Diffusion 1.x model and that config.json belongs to it";
        throw ModelFormatError(message.str());
    }

    torch::NoGradGuard noGrad;
    for (auto& [name, tensor] : targets) {
        checkStop(stop);
        tensor.set_data(loadChecked(weights, name, dtype, device)); // replaces the initial storage
    }
}

} // namespace fr2r::core
