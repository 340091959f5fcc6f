#pragma once

#include <opencv2/core.hpp>
#include <string>
#include <vector>

namespace fr2r::imaging {

// Black text on white, antialiased, in OpenCV's FONT_HERSHEY_DUPLEX; sizes in pixels.
struct TextStyle
{
    double fontScale = 1.0;
    int thickness = 1;

    // The style whose capital letters are capHeight pixels tall.
    static TextStyle forHeight(int capHeight, int thickness);
};

// Hershey fonts are ASCII only: common Greek letters are spelled out ("γ" -> "gamma"), a few symbols
// replaced ("×" -> "x"), anything else becomes '?'. Callers wanting real Unicode pass pre-rendered labels.
std::string asciiFallback(const std::string& utf8);

// One line of text as a CV_8UC3 image (white background, black text) sized to fit the glyphs,
// descenders and stroke width; an empty matrix for empty text.
cv::Mat renderText(const std::string& utf8, const TextStyle& style);

// Lines of text, each centred, wrapped at spaces (and at '\n') so that no line is wider than maxWidth
// where a word allows it.
cv::Mat renderWrappedText(const std::string& utf8, const TextStyle& style, int maxWidth);

// label unchanged when it fits maxWidth x maxHeight, else shrunk (area interpolation) keeping its aspect.
cv::Mat fitWithin(const cv::Mat& label, int maxWidth, int maxHeight);

} // namespace fr2r::imaging
