#pragma once

#include <QString>

namespace fr2r::test {

// Writes count 80x64 colour patterns 0.png .. into folder (created), different for each shift: training images
// for the tests of the trainer's programs. Returns folder.
QString writePatternImages(const QString& folder, int count, int shift);

} // namespace fr2r::test
