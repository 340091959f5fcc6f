#pragma once

#include <torch/types.h>

#include <nlohmann/json_fwd.hpp>

#include <functional>
#include <string>

namespace fr2r::test {

// A copy of golden/tiny/model under a temporary folder, to break one file of it on purpose.
class TinyModelCopy
{
public:
    explicit TinyModelCopy(const std::string& folder); // copies into folder/model

    const std::string& path() const { return m_path; }
    // Rewrites component/config.json after edit changes the parsed JSON.
    void editConfig(const std::string& component, const std::function<void(nlohmann::json&)>& edit) const;
    // Rewrites the component's safetensors file with tensor name replaced by edit(tensor).
    void editTensor(const std::string& component, const std::string& name,
                    const std::function<at::Tensor(at::Tensor)>& edit) const;

    // Copies of the read-only golden files must be writable to be changed and cleaned up.
    static void makeWritable(const std::string& path);

private:
    std::string m_path;
};

} // namespace fr2r::test
