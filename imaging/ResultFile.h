#pragma once

#include "core/ImageBuffer.h"
#include "core/diffusion/RigMetadata.h"
#include "core/diffusion/RigParams.h"

#include <string>

namespace fr2r::imaging {

// Writes a translated image as PNG (atomically) with the text chunks "parameters" (A1111-style one
// line) and "fr2r" (the full settings as JSON), the way the CLI and the application both save results.
void writeResult(const std::string& path, const ImageBuffer& image, const core::RigParams& params,
                 core::RigMetadata metadata);

} // namespace fr2r::imaging
