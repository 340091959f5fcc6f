#pragma once

#include <QString>
#include <QStringList>

namespace fr2r::test {

// Every file below folder, hidden ones included, as sorted paths relative to it: what a run left on disk.
QStringList filesBelow(const QString& folder);

} // namespace fr2r::test
