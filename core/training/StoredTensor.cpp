#include "core/training/StoredTensor.h"

#include "core/api/Error.h"
#include "core/io/SafeTensorsFile.h"

#include <torch/torch.h>

#include <sstream>

namespace fr2r::core {

void copyStoredTensor(const SafeTensorsFile& file, const std::string& key, const at::Tensor& target)
{
    if (!file.contains(key))
        throw ModelFormatError(file.path() + ": tensor '" + key + "' is missing");
    const at::Tensor stored = file.load(key);
    if (stored.sizes() != target.sizes()) {
        std::ostringstream message;
        message << file.path() << ": tensor '" << key << "' has shape " << stored.sizes() << ", expected "
                << target.sizes();
        throw ModelFormatError(message.str());
    }
    torch::NoGradGuard noGrad;
    target.copy_(stored);
}

} // namespace fr2r::core
