#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace fr2r::core {

// Byte-level BPE as GPT-2 and CLIP use it: text pieces are mapped byte by byte to printable
// code points, merged by rank from merges.txt and looked up in vocab.json. Added tokens (special
// and textual-inversion tokens) are matched whole in the text before BPE and never split.
// Subclasses supply the text cleanup and pre-tokenizer.
class BpeTokenizer
{
public:
    virtual ~BpeTokenizer() = default;

    // Token ids without special tokens or padding.
    std::vector<int64_t> tokenize(const std::string& text) const;

    // Id of a new added token (after the vocabulary and earlier added tokens), or the existing
    // id of a token already in the vocabulary; either way the token is matched whole from now on.
    int64_t addToken(const std::string& token);

    // Vocabulary entries plus added tokens that were not in the vocabulary.
    int64_t vocabularySize() const;

    // Id of a vocabulary entry or added token; ModelFormatError when there is none.
    int64_t tokenId(const std::string& token) const;

protected:
    // vocabName / mergesName name the sources in error messages.
    BpeTokenizer(const std::string& vocabJson, const std::string& mergesText, const std::string& vocabName,
                 const std::string& mergesName, std::string endOfWordSuffix);

    // Splits a piece of text that holds no added token into words for BPE (UTF-8).
    virtual std::vector<std::string> preTokenize(const std::string& text) const = 0;

    static std::string readFile(const std::string& path);

private:
    struct Cache;

    void parseVocabulary(const std::string& vocabJson, const std::string& vocabName);
    void parseMerges(const std::string& mergesText, const std::string& mergesName);
    void appendWordIds(const std::string& word, std::vector<int64_t>& ids) const;
    std::vector<std::string> bpe(const std::string& word) const;
    // Length of the longest added token that starts at text[pos], 0 when none does.
    size_t addedTokenAt(const std::string& text, size_t pos) const;

    std::string m_vocabName;
    std::string m_endOfWordSuffix;
    std::unordered_map<std::string, int64_t> m_encoder;
    std::unordered_map<std::string, int> m_mergeRanks; // key: "first second"
    std::array<std::string, 256> m_byteEncoder;
    std::unordered_map<std::string, int64_t> m_addedTokens;
    int64_t m_newTokenCount = 0;
    std::shared_ptr<Cache> m_cache; // BPE results depend only on the merges: copies share it
};

} // namespace fr2r::core
