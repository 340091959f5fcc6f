#pragma once

#include <torch/types.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace fr2r::core {

class MappedFile;

// One tensor's entry in a safetensors header.
struct TensorInfo
{
    std::string name;
    std::string dtype; // as written in the file: "F32", "F16", "BF16", "I64", ...
    std::vector<int64_t> shape;
    uint64_t begin = 0; // byte offsets into the data section
    uint64_t end = 0;
};

// A memory-mapped, validated safetensors file. Every problem with the file raises
// ModelFormatError naming the file and what is wrong with it.
class SafeTensorsFile
{
public:
    explicit SafeTensorsFile(const std::string& path);
    ~SafeTensorsFile();
    SafeTensorsFile(const SafeTensorsFile&) = delete;
    SafeTensorsFile& operator=(const SafeTensorsFile&) = delete;

    const std::string& path() const { return m_path; }
    const std::vector<TensorInfo>& tensors() const { return m_tensors; } // sorted by name
    const std::map<std::string, std::string>& metadata() const { return m_metadata; }
    const TensorInfo* find(const std::string& name) const;
    bool contains(const std::string& name) const { return find(name) != nullptr; }

    // A CPU tensor in the file's dtype that owns a copy of the bytes.
    at::Tensor load(const std::string& name) const;
    at::Tensor load(const TensorInfo& info) const;

    static at::ScalarType scalarType(const std::string& dtype);
    static std::string dtypeName(at::ScalarType type);

private:
    void parseHeader(const std::string& header, uint64_t dataSize);

    std::string m_path;
    std::unique_ptr<MappedFile> m_file;
    const uint8_t* m_data = nullptr; // start of the data section
    std::vector<TensorInfo> m_tensors;
    std::map<std::string, std::string> m_metadata;
};

// Writes tensors (any device and dtype, stored as they are) to a safetensors file atomically:
// a temporary file beside the target is renamed over it only when complete.
void writeSafeTensors(const std::string& path, const std::vector<std::pair<std::string, at::Tensor>>& tensors,
                      const std::map<std::string, std::string>& metadata = {});

} // namespace fr2r::core
