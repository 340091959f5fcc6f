#pragma once

#include <torch/types.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace fr2r::core {

class SafeTensorsFile;

// The tensors of one model component (unet, vae, text_encoder) under their diffusers names,
// wherever they are stored: a diffusers folder's file or a single-file checkpoint's CompVis keys.
// Nothing is read until load() is called, so a whole checkpoint is never held twice in memory.
class ComponentWeights
{
public:
    explicit ComponentWeights(std::string component = {})
        : m_component(std::move(component))
    {
    }

    // diffusersName is read from fileKey in file; a non-empty shape reshapes it on load
    // (single files store the VAE attention projections as [C, C, 1, 1]).
    void add(const std::string& diffusersName, std::shared_ptr<const SafeTensorsFile> file, const std::string& fileKey,
             std::vector<int64_t> shape = {});

    const std::string& component() const { return m_component; }
    bool contains(const std::string& name) const { return m_entries.count(name) != 0; }
    std::vector<std::string> names() const;
    size_t size() const { return m_entries.size(); }
    std::vector<int64_t> shape(const std::string& name) const; // as load() returns it
    at::Tensor load(const std::string& name) const;            // CPU, file dtype; throws ModelFormatError
    std::string source(const std::string& name) const;         // "file: key", for error messages

private:
    struct Entry
    {
        std::shared_ptr<const SafeTensorsFile> file;
        std::string fileKey;
        std::vector<int64_t> shape;
    };
    const Entry& entry(const std::string& name) const;

    std::string m_component;
    std::map<std::string, Entry> m_entries;
};

} // namespace fr2r::core
