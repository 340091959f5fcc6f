#include "imaging/FileBytes.h"

#include "core/api/AtomicFile.h"
#include "core/api/Error.h"

#include <filesystem>
#include <fstream>

namespace fr2r::imaging {

std::vector<uint8_t> readFileBytes(const std::string& path, const std::string& what)
{
    const auto fsPath = std::filesystem::u8path(path);
    std::error_code error;
    if (!std::filesystem::exists(fsPath, error))
        throw Error(path + ": " + what + ": the file does not exist");
    if (std::filesystem::is_directory(fsPath, error))
        throw Error(path + ": " + what + ": this is a folder, not a file");
    std::ifstream in(fsPath, std::ios::binary | std::ios::ate);
    if (!in)
        throw Error(path + ": " + what + ": cannot open the file (check its permissions)");
    const std::streamoff size = in.tellg();
    if (size <= 0)
        throw Error(path + ": " + what + ": the file is empty");
    std::vector<uint8_t> bytes(static_cast<size_t>(size));
    in.seekg(0);
    if (!in.read(reinterpret_cast<char*>(bytes.data()), size))
        throw Error(path + ": " + what + ": reading the file failed");
    return bytes;
}

void writeFileBytes(const std::string& path, const void* data, size_t size)
{
    core::AtomicFile file(path);
    file.write(data, size);
    file.commit();
}

} // namespace fr2r::imaging
