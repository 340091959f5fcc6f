#pragma once

#include <string>

namespace fr2r::core {

// The few Unicode properties the CLIP tokenizer needs, as Python 3.11's unicodedata (Unicode 14.0)
// defines them, so that pre-tokenization matches transformers without ICU.
class UnicodeText
{
public:
    // Invalid UTF-8 bytes decode to U+FFFD.
    static std::u32string decodeUtf8(const std::string& text);
    static std::string encodeUtf8(const std::u32string& text);
    static std::string encodeUtf8(char32_t codePoint);

    static bool isLetter(char32_t c);     // general category L*
    static bool isNumber(char32_t c);     // general category N*
    static bool isControl(char32_t c);    // general category C* (unassigned included)
    static bool isSpaceSeparator(char32_t c); // general category Zs
    static bool isWhitespace(char32_t c); // Python's str.isspace()
    static bool isCjkIdeograph(char32_t c); // the blocks BERT's BasicTokenizer pads with spaces

    // Python's str.lower() of one code point (U+0130 lowers to two).
    static void appendLower(char32_t c, std::u32string& out);
};

} // namespace fr2r::core
