#pragma once

#include "core/text/BpeTokenizer.h"

namespace fr2r::core {

// transformers.CLIPTokenizer (the slow, Python one, without ftfy): BERT's basic text cleanup,
// lower case, CLIP's regex pre-tokenizer, "</w>" end-of-word suffix, <|startoftext|> and
// <|endoftext|> taken from the vocabulary, truncation and padding to CLIP's context length.
// Text is expected in Unicode NFC, as BasicTokenizer normalises it: the Qt layers normalise what users type.
class ClipTokenizer : public BpeTokenizer
{
public:
    // CLIP's text context length (tokenizer_config.json "model_max_length").
    static constexpr int kMaxLength = 77;

    static ClipTokenizer fromFiles(const std::string& vocabJsonPath, const std::string& mergesPath);
    static ClipTokenizer fromData(const std::string& vocabJson, const std::string& mergesText);
    // dir/vocab.json and dir/merges.txt, as in a diffusers model's tokenizer/ folder.
    static ClipTokenizer fromFolder(const std::string& dir);

    // <|startoftext|> ids <|endoftext|>, truncated to kMaxLength keeping <|endoftext|> last,
    // padded with <|endoftext|> to kMaxLength.
    std::vector<int64_t> encode(const std::string& text) const;

    int64_t startOfTextId() const { return m_startOfText; }
    int64_t endOfTextId() const { return m_endOfText; }

protected:
    std::vector<std::string> preTokenize(const std::string& text) const override;

private:
    ClipTokenizer(const std::string& vocabJson, const std::string& mergesText, const std::string& vocabName,
                  const std::string& mergesName);

    // BasicTokenizer(strip_accents=False, do_split_on_punc=False): controls dropped, whitespace
    // collapsed to single spaces, CJK ideographs spaced, lower case.
    static std::u32string cleanText(const std::string& text);

    int64_t m_startOfText = 0;
    int64_t m_endOfText = 0;
};

} // namespace fr2r::core
