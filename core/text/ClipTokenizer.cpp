#include "core/text/ClipTokenizer.h"

#include "core/api/UnicodeText.h"

#include <algorithm>

namespace fr2r::core {

namespace {

const std::string kStartOfText = "<|startoftext|>";
const std::string kEndOfText = "<|endoftext|>";

bool startsWith(const std::u32string& text, size_t pos, const std::u32string& prefix)
{
    return text.compare(pos, prefix.size(), prefix) == 0;
}

// Length of the match of CLIP's pattern alternatives
// <|startoftext|>|<|endoftext|>|'s|'t|'re|'ve|'m|'ll|'d at pos, 0 when none matches.
size_t specialOrContractionAt(const std::u32string& text, size_t pos)
{
    static const std::u32string kAlternatives[] = {U"<|startoftext|>", U"<|endoftext|>", U"'s", U"'t", U"'re",
                                                   U"'ve", U"'m", U"'ll", U"'d"};
    for (const auto& alternative : kAlternatives) {
        if (startsWith(text, pos, alternative))
            return alternative.size();
    }
    return 0;
}

} // namespace

ClipTokenizer::ClipTokenizer(const std::string& vocabJson, const std::string& mergesText, const std::string& vocabName,
                             const std::string& mergesName)
    : BpeTokenizer(vocabJson, mergesText, vocabName, mergesName, "</w>")
{
    m_startOfText = tokenId(kStartOfText);
    m_endOfText = tokenId(kEndOfText);
    addToken(kStartOfText);
    addToken(kEndOfText);
}

ClipTokenizer ClipTokenizer::fromFiles(const std::string& vocabJsonPath, const std::string& mergesPath)
{
    const std::string vocabJson = readFile(vocabJsonPath); // read first: errors name the vocabulary first
    return ClipTokenizer(vocabJson, readFile(mergesPath), vocabJsonPath, mergesPath);
}

ClipTokenizer ClipTokenizer::fromData(const std::string& vocabJson, const std::string& mergesText)
{
    return ClipTokenizer(vocabJson, mergesText, "vocab.json", "merges.txt");
}

ClipTokenizer ClipTokenizer::fromFolder(const std::string& dir)
{
    return fromFiles(dir + "/vocab.json", dir + "/merges.txt");
}

std::vector<int64_t> ClipTokenizer::encode(const std::string& text) const
{
    const auto tokens = tokenize(text);
    std::vector<int64_t> ids;
    ids.reserve(kMaxLength);
    ids.push_back(m_startOfText);
    const size_t kept = std::min(tokens.size(), static_cast<size_t>(kMaxLength - 2));
    ids.insert(ids.end(), tokens.begin(), tokens.begin() + static_cast<std::ptrdiff_t>(kept));
    ids.push_back(m_endOfText);
    ids.resize(kMaxLength, m_endOfText);
    return ids;
}

std::u32string ClipTokenizer::cleanText(const std::string& text)
{
    std::u32string spaced;
    for (const char32_t c : UnicodeText::decodeUtf8(text)) {
        const bool keptControl = c == U'\t' || c == U'\n' || c == U'\r';
        if (c == 0 || c == 0xFFFD || (UnicodeText::isControl(c) && !keptControl))
            continue;
        if (keptControl || UnicodeText::isSpaceSeparator(c)) {
            spaced.push_back(U' ');
        } else if (UnicodeText::isCjkIdeograph(c)) {
            spaced += U' ';
            spaced.push_back(c);
            spaced += U' ';
        } else {
            spaced.push_back(c);
        }
    }
    // " ".join(text.split()) with each word lower-cased.
    std::u32string cleaned;
    bool pendingSpace = false;
    for (const char32_t c : spaced) {
        if (UnicodeText::isWhitespace(c)) {
            pendingSpace = !cleaned.empty();
            continue;
        }
        if (pendingSpace)
            cleaned.push_back(U' ');
        pendingSpace = false;
        UnicodeText::appendLower(c, cleaned);
    }
    return cleaned;
}

std::vector<std::string> ClipTokenizer::preTokenize(const std::string& text) const
{
    // By hand, CLIP's pattern: specials | contractions | [\p{L}]+ | [\p{N}] | [^\s\p{L}\p{N}]+
    const std::u32string cleaned = cleanText(text);
    const auto isOther = [](char32_t c) {
        return !UnicodeText::isWhitespace(c) && !UnicodeText::isLetter(c) && !UnicodeText::isNumber(c);
    };
    std::vector<std::string> words;
    size_t pos = 0;
    while (pos < cleaned.size()) {
        const char32_t c = cleaned[pos];
        size_t end = pos + specialOrContractionAt(cleaned, pos);
        if (end == pos) {
            if (UnicodeText::isLetter(c)) {
                while (end < cleaned.size() && UnicodeText::isLetter(cleaned[end]))
                    ++end;
            } else if (UnicodeText::isNumber(c)) {
                end = pos + 1;
            } else if (isOther(c)) {
                while (end < cleaned.size() && isOther(cleaned[end]))
                    ++end;
            } else {
                ++pos; // whitespace separates words and is dropped
                continue;
            }
        }
        words.push_back(UnicodeText::encodeUtf8(cleaned.substr(pos, end - pos)));
        pos = end;
    }
    return words;
}

} // namespace fr2r::core
