#pragma once

#include <cstddef>
#include <string>

namespace fr2r::core {

// The few Unicode properties the CLIP tokenizer needs, as Python 3.11's unicodedata (Unicode 14.0)
// defines them, so that pre-tokenization matches transformers without ICU.
class UnicodeText
{
public:
    // One UTF-8 sequence at offset (< text.size()): its code point and byte length; an invalid one
    // (stray, truncated, overlong, surrogate) is U+FFFD spanning the bytes up to the first bad one.
    struct Utf8Sequence
    {
        char32_t codePoint;
        size_t length;
        bool valid;
    };
    static Utf8Sequence readUtf8(const std::string& text, size_t offset);

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
