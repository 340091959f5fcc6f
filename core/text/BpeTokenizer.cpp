#include "core/text/BpeTokenizer.h"

#include "core/api/Error.h"
#include "core/api/UnicodeText.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <limits>
#include <mutex>
#include <sstream>

namespace fr2r::core {

namespace {

// Prompts repeat words; beyond this many distinct words the cache starts over to bound memory.
constexpr size_t kMaxCachedWords = 100000;

// GPT-2's bytes_to_unicode(): printable bytes map to themselves, the rest to U+0100 onwards.
std::array<std::string, 256> makeByteEncoder()
{
    std::array<std::string, 256> table;
    char32_t next = 256;
    for (int b = 0; b < 256; ++b) {
        const bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
        table[b] = UnicodeText::encodeUtf8(printable ? static_cast<char32_t>(b) : next++);
    }
    return table;
}

} // namespace

struct BpeTokenizer::Cache
{
    std::mutex mutex;
    std::unordered_map<std::string, std::vector<int64_t>> wordIds;
};

BpeTokenizer::BpeTokenizer(const std::string& vocabJson, const std::string& mergesText, const std::string& vocabName,
                           const std::string& mergesName, std::string endOfWordSuffix)
    : m_vocabName(vocabName)
    , m_endOfWordSuffix(std::move(endOfWordSuffix))
    , m_byteEncoder(makeByteEncoder())
    , m_cache(std::make_shared<Cache>())
{
    parseVocabulary(vocabJson, vocabName);
    parseMerges(mergesText, mergesName);
}

void BpeTokenizer::parseVocabulary(const std::string& vocabJson, const std::string& vocabName)
{
    nlohmann::json vocab;
    try {
        vocab = nlohmann::json::parse(vocabJson);
    } catch (const nlohmann::json::exception& e) {
        throw ModelFormatError(vocabName + ": not valid JSON (" + e.what() + "); use the tokenizer's vocab.json");
    }
    if (!vocab.is_object() || vocab.empty())
        throw ModelFormatError(vocabName + ": expected a JSON object mapping tokens to ids; use the tokenizer's vocab.json");
    for (const auto& [token, id] : vocab.items()) {
        if (!id.is_number_integer() || id.get<int64_t>() < 0)
            throw ModelFormatError(vocabName + ": the id of token \"" + token + "\" is not a non-negative integer");
        m_encoder.emplace(token, id.get<int64_t>());
    }
}

void BpeTokenizer::parseMerges(const std::string& mergesText, const std::string& mergesName)
{
    std::istringstream lines(mergesText);
    std::string line;
    int lineNumber = 0;
    while (std::getline(lines, line)) {
        ++lineNumber;
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (line.empty() || (lineNumber == 1 && line.rfind("#version", 0) == 0))
            continue;
        const size_t space = line.find(' ');
        if (space == 0 || space == std::string::npos || space + 1 == line.size()
            || line.find(' ', space + 1) != std::string::npos)
            throw ModelFormatError(mergesName + ": line " + std::to_string(lineNumber)
                                   + " is not a pair of tokens separated by one space; use the tokenizer's merges.txt");
        m_mergeRanks.emplace(line, static_cast<int>(m_mergeRanks.size()));
    }
    if (m_mergeRanks.empty())
        throw ModelFormatError(mergesName + ": holds no merges; use the tokenizer's merges.txt");
}

std::string BpeTokenizer::readFile(const std::string& path)
{
    std::ifstream file(path, std::ios::binary);
    if (!file)
        throw ModelFormatError(path + ": cannot be opened; check that the tokenizer file exists and is readable");
    std::ostringstream content;
    content << file.rdbuf();
    return content.str();
}

std::vector<int64_t> BpeTokenizer::tokenize(const std::string& text) const
{
    std::vector<int64_t> ids;
    const auto appendPiece = [&](size_t begin, size_t end) {
        for (const auto& word : preTokenize(text.substr(begin, end - begin)))
            appendWordIds(word, ids);
    };
    size_t pieceBegin = 0;
    size_t pos = 0;
    while (pos < text.size()) {
        const size_t length = addedTokenAt(text, pos);
        if (length == 0) {
            ++pos;
            continue;
        }
        appendPiece(pieceBegin, pos);
        ids.push_back(m_addedTokens.at(text.substr(pos, length)));
        pos += length;
        pieceBegin = pos;
    }
    appendPiece(pieceBegin, text.size());
    return ids;
}

size_t BpeTokenizer::addedTokenAt(const std::string& text, size_t pos) const
{
    size_t longest = 0;
    for (const auto& entry : m_addedTokens) {
        const std::string& token = entry.first;
        if (token.size() > longest && text.compare(pos, token.size(), token) == 0)
            longest = token.size();
    }
    return longest;
}

int64_t BpeTokenizer::addToken(const std::string& token)
{
    if (token.empty())
        throw InvalidArgumentError("an added token must not be empty");
    if (const auto added = m_addedTokens.find(token); added != m_addedTokens.end())
        return added->second;
    int64_t id = 0;
    if (const auto existing = m_encoder.find(token); existing != m_encoder.end()) {
        id = existing->second;
    } else {
        id = vocabularySize();
        ++m_newTokenCount;
    }
    m_addedTokens.emplace(token, id);
    return id;
}

int64_t BpeTokenizer::vocabularySize() const
{
    return static_cast<int64_t>(m_encoder.size()) + m_newTokenCount;
}

int64_t BpeTokenizer::tokenId(const std::string& token) const
{
    if (const auto added = m_addedTokens.find(token); added != m_addedTokens.end())
        return added->second;
    if (const auto existing = m_encoder.find(token); existing != m_encoder.end())
        return existing->second;
    throw ModelFormatError(m_vocabName + ": has no token \"" + token + "\"; use the model's own tokenizer files");
}

void BpeTokenizer::appendWordIds(const std::string& word, std::vector<int64_t>& ids) const
{
    // A pre-tokenizer may yield an added token as a word (CLIP's regex does for its specials).
    if (const auto added = m_addedTokens.find(word); added != m_addedTokens.end()) {
        ids.push_back(added->second);
        return;
    }
    {
        std::lock_guard<std::mutex> lock(m_cache->mutex);
        if (const auto cached = m_cache->wordIds.find(word); cached != m_cache->wordIds.end()) {
            ids.insert(ids.end(), cached->second.begin(), cached->second.end());
            return;
        }
    }
    std::string mapped;
    for (const unsigned char byte : word)
        mapped += m_byteEncoder[byte];
    std::vector<int64_t> wordIds;
    for (const auto& symbol : bpe(mapped)) {
        const auto it = m_encoder.find(symbol);
        if (it == m_encoder.end())
            throw ModelFormatError(m_vocabName + ": has no entry for the BPE symbol \"" + symbol
                                   + "\"; vocab.json and merges.txt do not belong together");
        wordIds.push_back(it->second);
    }
    ids.insert(ids.end(), wordIds.begin(), wordIds.end());
    std::lock_guard<std::mutex> lock(m_cache->mutex);
    if (m_cache->wordIds.size() >= kMaxCachedWords)
        m_cache->wordIds.clear();
    m_cache->wordIds.emplace(word, std::move(wordIds));
}

std::vector<std::string> BpeTokenizer::bpe(const std::string& word) const
{
    std::vector<std::string> symbols;
    for (const char32_t c : UnicodeText::decodeUtf8(word))
        symbols.push_back(UnicodeText::encodeUtf8(c));
    if (symbols.empty())
        return symbols;
    symbols.back() += m_endOfWordSuffix;
    while (symbols.size() > 1) {
        // The adjacent pair with the lowest merge rank is merged everywhere it occurs.
        int bestRank = std::numeric_limits<int>::max();
        size_t best = 0;
        for (size_t i = 0; i + 1 < symbols.size(); ++i) {
            const auto it = m_mergeRanks.find(symbols[i] + ' ' + symbols[i + 1]);
            if (it != m_mergeRanks.end() && it->second < bestRank) {
                bestRank = it->second;
                best = i;
            }
        }
        if (bestRank == std::numeric_limits<int>::max())
            break;
        const std::string first = symbols[best];
        const std::string second = symbols[best + 1];
        std::vector<std::string> merged;
        for (size_t i = 0; i < symbols.size(); ++i) {
            if (i + 1 < symbols.size() && symbols[i] == first && symbols[i + 1] == second) {
                merged.push_back(first + second);
                ++i;
            } else {
                merged.push_back(symbols[i]);
            }
        }
        symbols = std::move(merged);
    }
    return symbols;
}

} // namespace fr2r::core
