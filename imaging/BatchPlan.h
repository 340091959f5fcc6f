#pragma once

#include <string>
#include <utility>
#include <vector>

namespace fr2r::imaging {

// One input image of a batch as found: its path and its name relative to what the user gave
// ("sub/dir/a.jpg" below a folder, "a.jpg" for a file given by name).
struct BatchSource
{
    std::string path;
    std::string relativeName;
};

// One input image and where its result goes.
struct BatchItem
{
    std::string input;
    std::string relativeOutput; // "sub/dir/a.png"
    std::string output;         // the output folder joined with relativeOutput
    bool renamed = false;       // the name differs from the usual one because of a collision
};

// Where every result of a batch goes, decided once on the whole sorted input list so that the command
// line, the GUI and every shard of a cluster job agree. Paths are native byte strings.
//
// Naming: "sub/a.jpg" -> "sub/a.png". Inputs whose usual names collide (a.png and a.jpg) keep distinct
// outputs: in such a group the first .png input keeps "a.png", every other input is named after its
// whole file name ("a.jpg.png"), with "~2", "~3"... before ".png" if even that is taken.
//
// Safety: an output path that is one of the inputs is refused before anything runs, so an output
// folder inside the input tree is fine as long as no result would land on an input.
class BatchPlan
{
public:
    // Files as given (kept even when unsupported: reading them fails later with a message) and folders
    // searched recursively for supported images.
    static std::vector<BatchSource> findSources(const std::vector<std::string>& arguments);

    // Throws InvalidArgumentError naming both paths when an output would overwrite an input.
    BatchPlan(std::vector<BatchSource> sources, const std::string& outputFolder);

    const std::vector<BatchItem>& items() const { return m_items; }
    int renamedCount() const;

    // The index-th of count deterministic, interleaved slices (index 0-based); throws InvalidArgumentError.
    std::vector<BatchItem> shard(int index, int count) const;
    // "I/N" as given on the command line, 1-based I: returns {I - 1, N}.
    static std::pair<int, int> parseShard(const std::string& text);

    // The last guard before a write: throws InvalidArgumentError when output is one of the inputs.
    void checkOutput(const std::string& output) const;

private:
    void nameOutputs(const std::vector<BatchSource>& sources, const std::string& outputFolder);

    std::vector<BatchItem> m_items;
    std::vector<std::string> m_inputKeys; // sorted, comparable forms of the input paths
};

} // namespace fr2r::imaging
