#include "imaging/LabelRenderer.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <opencv2/imgproc.hpp>
#include <sstream>

namespace fr2r::imaging {

namespace {

constexpr int kFont = cv::FONT_HERSHEY_DUPLEX;

// Decodes the UTF-8 sequence starting at text[i], advancing i; malformed bytes decode to U+FFFD.
char32_t nextCodePoint(const std::string& text, size_t& i)
{
    const auto lead = static_cast<unsigned char>(text[i++]);
    const int extra = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
    if (lead >= 0x80 && extra == 0)
        return 0xFFFD;
    char32_t code = extra == 0 ? lead : lead & (0x3F >> extra);
    for (int k = 0; k < extra; ++k) {
        if (i >= text.size() || (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80)
            return 0xFFFD;
        code = (code << 6) | (static_cast<unsigned char>(text[i++]) & 0x3F);
    }
    return code;
}

std::vector<std::string> splitWords(const std::string& line)
{
    std::istringstream stream(line);
    std::vector<std::string> words;
    for (std::string word; stream >> word;)
        words.push_back(word);
    return words;
}

int textWidth(const std::string& ascii, const TextStyle& style)
{
    int baseline = 0;
    return cv::getTextSize(ascii, kFont, style.fontScale, style.thickness, &baseline).width;
}

// Greedy word wrap of one paragraph, on ASCII text.
std::vector<std::string> wrapParagraph(const std::string& paragraph, const TextStyle& style, int maxWidth)
{
    std::vector<std::string> lines;
    std::string line;
    for (const auto& word : splitWords(paragraph)) {
        const std::string candidate = line.empty() ? word : line + " " + word;
        if (!line.empty() && textWidth(candidate, style) > maxWidth) {
            lines.push_back(line);
            line = word;
        } else {
            line = candidate;
        }
    }
    if (!line.empty())
        lines.push_back(line);
    return lines;
}

} // namespace

TextStyle TextStyle::forHeight(int capHeight, int thickness)
{
    return { cv::getFontScaleFromHeight(kFont, capHeight, thickness), thickness };
}

std::string asciiFallback(const std::string& utf8)
{
    static const std::map<char32_t, const char*> replacements
        = { { U'α', "alpha" },   { U'β', "beta" },  { U'γ', "gamma" }, { U'Γ', "Gamma" },  { U'δ', "delta" },
            { U'ε', "epsilon" }, { U'η', "eta" },   { U'θ', "theta" }, { U'λ', "lambda" }, { U'μ', "mu" },
            { U'σ', "sigma" },   { U'τ', "tau" },   { U'ω', "omega" }, { U'×', "x" },      { U'·', "." },
            { U'–', "-" },       { U'—', "-" },     { U'…', "..." },   { U'≤', "<=" },     { U'≥', ">=" },
            { U'±', "+/-" },     { U'\u00A0', " " } };
    std::string ascii;
    for (size_t i = 0; i < utf8.size();) {
        const char32_t code = nextCodePoint(utf8, i);
        if (code < 0x80) {
            ascii.push_back(static_cast<char>(code));
            continue;
        }
        const auto it = replacements.find(code);
        ascii += it != replacements.end() ? it->second : "?";
    }
    return ascii;
}

cv::Mat renderText(const std::string& utf8, const TextStyle& style)
{
    const std::string ascii = asciiFallback(utf8);
    if (ascii.empty())
        return {};
    int baseline = 0;
    const cv::Size size = cv::getTextSize(ascii, kFont, style.fontScale, style.thickness, &baseline);
    const int margin = style.thickness + 1; // antialiased strokes reach past the measured box
    cv::Mat image(size.height + baseline + 2 * margin, size.width + 2 * margin, CV_8UC3, cv::Scalar::all(255));
    cv::putText(image, ascii, cv::Point(margin, margin + size.height), kFont, style.fontScale, cv::Scalar::all(0),
                style.thickness, cv::LINE_AA);
    return image;
}

cv::Mat renderWrappedText(const std::string& utf8, const TextStyle& style, int maxWidth)
{
    std::vector<cv::Mat> lines;
    std::istringstream paragraphs(asciiFallback(utf8));
    for (std::string paragraph; std::getline(paragraphs, paragraph);)
        for (const auto& line : wrapParagraph(paragraph, style, maxWidth))
            lines.push_back(renderText(line, style));
    if (lines.empty())
        return {};
    int width = 0;
    for (const auto& line : lines)
        width = std::max(width, line.cols);
    for (auto& line : lines) {
        const int left = (width - line.cols) / 2;
        cv::copyMakeBorder(line, line, 0, 0, left, width - line.cols - left, cv::BORDER_CONSTANT, cv::Scalar::all(255));
    }
    cv::Mat image;
    cv::vconcat(lines, image);
    return image;
}

cv::Mat fitWithin(const cv::Mat& label, int maxWidth, int maxHeight)
{
    if (label.empty() || (label.cols <= maxWidth && label.rows <= maxHeight))
        return label;
    const double scale = std::min(double(maxWidth) / label.cols, double(maxHeight) / label.rows);
    const cv::Size size(std::max(1, int(std::floor(label.cols * scale))),
                        std::max(1, int(std::floor(label.rows * scale))));
    cv::Mat fitted;
    cv::resize(label, fitted, size, 0, 0, cv::INTER_AREA);
    return fitted;
}

} // namespace fr2r::imaging
