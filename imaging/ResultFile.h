#pragma once

#include "core/api/ImageBuffer.h"
#include "core/api/RigMetadata.h"
#include "core/api/RigParams.h"

#include <string>

namespace fr2r::imaging {

// Writes a translated image as PNG (atomically) with the text chunks "parameters" (A1111-style one
// line) and "fr2r" (the full settings as JSON), the way the CLI and the application both save results.
void writeResult(const std::string& path, const ImageBuffer& image, const core::RigParams& params,
                 core::RigMetadata metadata);

// True when path holds a finished result of the input whose SHA-256 is inputSha256, made with params: a PNG that
// decodes, with an "fr2r" chunk naming that hash and those parameters. A missing, partial, foreign or stale file is
// not, nor one made with other parameters (a preview at a smaller size, another strength).
bool isCompleteResult(const std::string& path, const std::string& inputSha256, const core::RigParams& params);

} // namespace fr2r::imaging
