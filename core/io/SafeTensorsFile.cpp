#include "core/io/SafeTensorsFile.h"

#include "core/api/AtomicFile.h"
#include "core/api/Error.h"
#include "core/io/MappedFile.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <climits>
#include <cstring>

namespace fr2r::core {
namespace {

constexpr uint64_t kMaxHeaderBytes = 100ull * 1000 * 1000;

struct DTypeEntry
{
    const char* name;
    at::ScalarType type;
};

constexpr DTypeEntry kDTypes[] = {
    {"F64", at::kDouble}, {"F32", at::kFloat}, {"F16", at::kHalf}, {"BF16", at::kBFloat16}, {"I64", at::kLong},
    {"I32", at::kInt},    {"I16", at::kShort}, {"I8", at::kChar},  {"U8", at::kByte},       {"BOOL", at::kBool},
};

uint64_t readLittleEndian64(const uint8_t* bytes)
{
    uint64_t value = 0;
    for (int i = 7; i >= 0; --i)
        value = (value << 8) | bytes[i];
    return value;
}

[[noreturn]] void fail(const std::string& path, const std::string& problem)
{
    throw ModelFormatError(path + ": " + problem);
}

std::string shapeText(const std::vector<int64_t>& shape)
{
    std::string text = "[";
    for (size_t i = 0; i < shape.size(); ++i)
        text += (i ? ", " : "") + std::to_string(shape[i]);
    return text + "]";
}

// One header entry, checked against the data section; byte counts are computed overflow-free.
TensorInfo parseEntry(const std::string& path, const std::string& name, const nlohmann::json& entry, uint64_t dataSize)
{
    if (!entry.is_object() || !entry.contains("dtype") || !entry.contains("shape") || !entry.contains("data_offsets") ||
        !entry["dtype"].is_string() || !entry["shape"].is_array() || !entry["data_offsets"].is_array() ||
        entry["data_offsets"].size() != 2)
        fail(path, "tensor '" + name + "': entry needs dtype, shape and two data_offsets");
    TensorInfo info;
    info.name = name;
    info.dtype = entry["dtype"].get<std::string>();
    at::ScalarType type;
    try {
        type = SafeTensorsFile::scalarType(info.dtype);
    } catch (const ModelFormatError&) {
        fail(path, "tensor '" + name + "': unknown dtype '" + info.dtype + "'");
    }
    for (const auto& dim : entry["shape"]) {
        if (!dim.is_number_unsigned())
            fail(path, "tensor '" + name + "': shape holds a non-integer or negative size");
        info.shape.push_back(static_cast<int64_t>(std::min<uint64_t>(dim.get<uint64_t>(), INT64_MAX)));
    }
    uint64_t expected = c10::elementSize(type);
    for (const int64_t dim : info.shape) {
        if (dim == INT64_MAX || (dim != 0 && expected > UINT64_MAX / uint64_t(dim)))
            fail(path, "tensor '" + name + "': shape " + shapeText(info.shape) + " is too large");
        expected *= uint64_t(dim);
    }
    const auto& offsets = entry["data_offsets"];
    if (!offsets[0].is_number_unsigned() || !offsets[1].is_number_unsigned())
        fail(path, "tensor '" + name + "': data_offsets are not non-negative integers");
    info.begin = offsets[0].get<uint64_t>();
    info.end = offsets[1].get<uint64_t>();
    if (info.begin > info.end || info.end > dataSize)
        fail(path, "tensor '" + name + "': data offsets [" + std::to_string(info.begin) + ", " +
                       std::to_string(info.end) + ") out of range of the " + std::to_string(dataSize) +
                       "-byte data section");
    if (info.end - info.begin != expected)
        fail(path, "tensor '" + name + "': shape needs " + std::to_string(expected) + " bytes but offsets span " +
                       std::to_string(info.end - info.begin));
    return info;
}

} // namespace

at::ScalarType SafeTensorsFile::scalarType(const std::string& dtype)
{
    for (const auto& entry : kDTypes)
        if (dtype == entry.name)
            return entry.type;
    throw ModelFormatError("unknown safetensors dtype '" + dtype + "'");
}

std::string SafeTensorsFile::dtypeName(at::ScalarType type)
{
    for (const auto& entry : kDTypes)
        if (type == entry.type)
            return entry.name;
    throw ModelFormatError(std::string("dtype ") + c10::toString(type) + " cannot be stored in safetensors");
}

SafeTensorsFile::SafeTensorsFile(const std::string& path)
    : m_path(path)
    , m_file(std::make_unique<MappedFile>(path))
{
    const uint64_t size = m_file->size();
    if (size < 8)
        fail(path, "truncated file: " + std::to_string(size) + " bytes, shorter than the 8-byte header length");
    const uint64_t headerLength = readLittleEndian64(m_file->data());
    if (headerLength > kMaxHeaderBytes)
        fail(path, "header length " + std::to_string(headerLength) + " is larger than the 100 MB limit");
    if (headerLength > size - 8)
        fail(path, "header length " + std::to_string(headerLength) + " is larger than the file (" +
                       std::to_string(size) + " bytes): truncated file?");
    const std::string header(reinterpret_cast<const char*>(m_file->data() + 8), headerLength);
    m_data = m_file->data() + 8 + headerLength;
    parseHeader(header, size - 8 - headerLength);
}

SafeTensorsFile::~SafeTensorsFile() = default;

void SafeTensorsFile::parseHeader(const std::string& header, uint64_t dataSize)
{
    nlohmann::json json;
    try {
        json = nlohmann::json::parse(header);
    } catch (const nlohmann::json::exception& error) {
        fail(m_path, std::string("invalid JSON header: ") + error.what());
    }
    if (!json.is_object())
        fail(m_path, "invalid JSON header: not an object");

    for (const auto& [name, entry] : json.items()) {
        if (name == "__metadata__") {
            if (!entry.is_object())
                fail(m_path, "__metadata__ is not an object");
            for (const auto& [key, value] : entry.items())
                m_metadata[key] = value.is_string() ? value.get<std::string>() : value.dump();
            continue;
        }
        m_tensors.push_back(parseEntry(m_path, name, entry, dataSize));
    }

    std::vector<const TensorInfo*> byOffset;
    for (const auto& info : m_tensors)
        byOffset.push_back(&info);
    std::sort(byOffset.begin(), byOffset.end(), [](auto* a, auto* b) { return a->begin < b->begin; });
    for (size_t i = 1; i < byOffset.size(); ++i)
        if (byOffset[i]->begin < byOffset[i - 1]->end)
            fail(m_path, "tensors '" + byOffset[i - 1]->name + "' and '" + byOffset[i]->name + "' overlap");
    std::sort(m_tensors.begin(), m_tensors.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
}

const TensorInfo* SafeTensorsFile::find(const std::string& name) const
{
    auto it = std::lower_bound(m_tensors.begin(), m_tensors.end(), name,
                               [](const TensorInfo& info, const std::string& key) { return info.name < key; });
    return it != m_tensors.end() && it->name == name ? &*it : nullptr;
}

at::Tensor SafeTensorsFile::load(const std::string& name) const
{
    const TensorInfo* info = find(name);
    if (!info)
        fail(m_path, "no tensor named '" + name + "'");
    return load(*info);
}

at::Tensor SafeTensorsFile::load(const TensorInfo& info) const
{
    auto tensor = at::empty(info.shape, at::TensorOptions().dtype(scalarType(info.dtype)));
    if (info.end > info.begin)
        std::memcpy(tensor.data_ptr(), m_data + info.begin, info.end - info.begin);
    return tensor;
}

void writeSafeTensors(const std::string& path, const std::vector<std::pair<std::string, at::Tensor>>& tensors,
                      const std::map<std::string, std::string>& metadata)
{
    nlohmann::json header = nlohmann::json::object();
    if (!metadata.empty())
        header["__metadata__"] = metadata;
    std::vector<at::Tensor> contiguous;
    uint64_t offset = 0;
    for (const auto& [name, tensor] : tensors) {
        auto cpu = tensor.detach().to(at::kCPU).contiguous();
        const uint64_t bytes = cpu.numel() * cpu.element_size();
        header[name] = {{"dtype", SafeTensorsFile::dtypeName(cpu.scalar_type())},
                        {"shape", cpu.sizes().vec()},
                        {"data_offsets", {offset, offset + bytes}}};
        offset += bytes;
        contiguous.push_back(std::move(cpu));
    }
    std::string headerText = header.dump();
    headerText.append((8 - headerText.size() % 8) % 8, ' '); // keeps the data section 8-byte aligned

    AtomicFile file(path);
    uint8_t length[8];
    for (int i = 0; i < 8; ++i)
        length[i] = static_cast<uint8_t>((uint64_t(headerText.size()) >> (8 * i)) & 0xff);
    file.write(length, 8);
    file.write(headerText.data(), headerText.size());
    for (const auto& tensor : contiguous)
        file.write(tensor.data_ptr(), tensor.numel() * tensor.element_size());
    file.commit();
}

} // namespace fr2r::core
