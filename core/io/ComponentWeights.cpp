#include "core/io/ComponentWeights.h"

#include "core/api/Error.h"
#include "core/io/SafeTensorsFile.h"

namespace fr2r::core {

void ComponentWeights::add(const std::string& diffusersName, std::shared_ptr<const SafeTensorsFile> file,
                           const std::string& fileKey, std::vector<int64_t> shape)
{
    m_entries[diffusersName] = Entry{std::move(file), fileKey, std::move(shape)};
}

std::vector<std::string> ComponentWeights::names() const
{
    std::vector<std::string> result;
    result.reserve(m_entries.size());
    for (const auto& [name, entry] : m_entries)
        result.push_back(name);
    return result;
}

const ComponentWeights::Entry& ComponentWeights::entry(const std::string& name) const
{
    auto it = m_entries.find(name);
    if (it == m_entries.end())
        throw ModelFormatError(m_component + ": no weight named '" + name + "'");
    return it->second;
}

std::vector<int64_t> ComponentWeights::shape(const std::string& name) const
{
    const Entry& e = entry(name);
    if (!e.shape.empty())
        return e.shape;
    const TensorInfo* info = e.file->find(e.fileKey);
    if (!info)
        throw ModelFormatError(e.file->path() + ": no tensor named '" + e.fileKey + "'");
    return info->shape;
}

at::Tensor ComponentWeights::load(const std::string& name) const
{
    const Entry& e = entry(name);
    at::Tensor tensor = e.file->load(e.fileKey);
    if (!e.shape.empty())
        tensor = tensor.reshape(e.shape);
    return tensor;
}

std::string ComponentWeights::source(const std::string& name) const
{
    const Entry& e = entry(name);
    return e.file->path() + ": " + e.fileKey;
}

} // namespace fr2r::core
