#pragma once

#include "core/api/Error.h"

namespace fr2r::hub {

// A download that cannot go on: the hub unreachable, a file missing from the repository, a wrong hash.
class DownloadError : public fr2r::Error
{
public:
    using fr2r::Error::Error;
};

} // namespace fr2r::hub
