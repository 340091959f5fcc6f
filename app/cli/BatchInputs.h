#pragma once

#include <string>
#include <vector>

namespace fr2r::cli {

// One input image and where its result goes, relative to the output folder.
struct BatchInput
{
    std::string path;           // as found
    std::string relativeOutput; // "sub/dir/name.png": the folder structure below a given folder is kept
};

// Files as given, folders searched recursively for supported images; sorted by output name so every
// machine of a cluster job sees the same order. Unsupported files given by name are kept: reading
// them fails later with a message, like any unreadable image.
std::vector<BatchInput> collectInputs(const std::vector<std::string>& arguments);

// The index-th of count deterministic, interleaved slices (index 0-based); throws InvalidArgumentError.
std::vector<BatchInput> shard(const std::vector<BatchInput>& inputs, int index, int count);

// "I/N" as given on the command line, 1-based I: returns {I - 1, N}.
std::pair<int, int> parseShard(const std::string& text);

} // namespace fr2r::cli
