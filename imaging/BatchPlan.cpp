#include "imaging/BatchPlan.h"

#include "core/api/Error.h"
#include "imaging/ImageFile.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <tuple>

namespace fr2r::imaging {
namespace {

namespace fs = std::filesystem;

// Two spellings of one file (relative, "..", a linked folder) compare equal in this form.
std::string comparablePath(const std::string& path)
{
    std::error_code error;
    const fs::path canonical = fs::weakly_canonical(fs::u8path(path), error);
    return (error ? fs::absolute(fs::u8path(path), error).lexically_normal() : canonical).u8string();
}

std::string usualName(const std::string& relativeName)
{
    return fs::u8path(relativeName).replace_extension(".png").generic_u8string();
}

// The name of an input whose usual name is taken: its whole name, then a counter.
std::string collisionName(const std::string& relativeName, const std::set<std::string>& taken)
{
    const std::string whole = fs::u8path(relativeName).generic_u8string();
    std::string name = whole + ".png";
    for (int counter = 2; taken.count(name) > 0; ++counter)
        name = whole + "~" + std::to_string(counter) + ".png";
    return name;
}

} // namespace

std::vector<BatchSource> BatchPlan::findSources(const std::vector<std::string>& arguments)
{
    std::vector<BatchSource> sources;
    for (const auto& argument : arguments) {
        const auto path = fs::u8path(argument);
        std::error_code error;
        if (!fs::is_directory(path, error)) {
            sources.push_back({argument, path.filename().u8string()});
            continue;
        }
        for (const auto& relative : listImages(argument))
            sources.push_back({(path / fs::u8path(relative)).u8string(), relative});
    }
    return sources;
}

BatchPlan::BatchPlan(std::vector<BatchSource> sources, const std::string& outputFolder)
{
    std::sort(sources.begin(), sources.end(), [](const BatchSource& a, const BatchSource& b) {
        return std::tie(a.relativeName, a.path) < std::tie(b.relativeName, b.path);
    });
    nameOutputs(sources, outputFolder);
    for (const auto& item : m_items)
        m_inputKeys.push_back(comparablePath(item.input));
    std::sort(m_inputKeys.begin(), m_inputKeys.end());
    for (const auto& item : m_items)
        checkOutput(item.output);
}

void BatchPlan::nameOutputs(const std::vector<BatchSource>& sources, const std::string& outputFolder)
{
    std::map<std::string, std::vector<size_t>> groups; // usual name -> the inputs that want it
    for (size_t i = 0; i < sources.size(); ++i)
        groups[usualName(sources[i].relativeName)].push_back(i);
    std::vector<std::string> names(sources.size());
    std::set<std::string> taken;
    for (const auto& [name, members] : groups) {
        const auto keeper = members.size() == 1
                                ? members.begin()
                                : std::find_if(members.begin(), members.end(), [&](size_t i) {
                                      return lowerCaseExtension(sources[i].relativeName) == ".png";
                                  });
        if (keeper != members.end()) {
            names[*keeper] = name;
            taken.insert(name);
        }
    }
    for (size_t i = 0; i < sources.size(); ++i) {
        const bool renamed = names[i].empty();
        if (renamed) {
            names[i] = collisionName(sources[i].relativeName, taken);
            taken.insert(names[i]);
        }
        m_items.push_back({sources[i].path, names[i], (fs::u8path(outputFolder) / fs::u8path(names[i])).u8string(),
                           renamed});
    }
}

int BatchPlan::renamedCount() const
{
    return static_cast<int>(std::count_if(m_items.begin(), m_items.end(), [](const BatchItem& item) { return item.renamed; }));
}

std::vector<BatchItem> BatchPlan::shard(int index, int count) const
{
    if (count < 1 || index < 0 || index >= count)
        throw InvalidArgumentError("--shard I/N needs 1 <= I <= N");
    std::vector<BatchItem> slice;
    for (size_t i = static_cast<size_t>(index); i < m_items.size(); i += static_cast<size_t>(count))
        slice.push_back(m_items[i]);
    return slice;
}

std::pair<int, int> BatchPlan::parseShard(const std::string& text)
{
    const auto slash = text.find('/');
    try {
        if (slash != std::string::npos)
            return {std::stoi(text.substr(0, slash)) - 1, std::stoi(text.substr(slash + 1))};
    } catch (const std::logic_error&) {
    }
    throw InvalidArgumentError("--shard expects I/N, e.g. 3/8 (got '" + text + "')");
}

void BatchPlan::checkOutput(const std::string& output) const
{
    if (!std::binary_search(m_inputKeys.begin(), m_inputKeys.end(), comparablePath(output)))
        return;
    const auto input = std::find_if(m_items.begin(), m_items.end(), [&](const BatchItem& item) {
        return comparablePath(item.input) == comparablePath(output);
    });
    throw InvalidArgumentError("the result " + output + " would overwrite the input " + input->input +
                               ": choose an output folder where no result lands on an input");
}

} // namespace fr2r::imaging
