// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace fr2r::tests {

// Runs `program [arguments...] --self-test` the way a user's machine would: no display, no QT_QPA_PLATFORM, nothing
// from the build tree on the library path. Fails the current Qt test when it does not exit 0 with its message;
// `output`, when given, receives what it printed on both channels.
class SelfTestRun
{
public:
    static QProcessEnvironment bareEnvironment();
    static void verify(const QString& program, const QProcessEnvironment& environment = bareEnvironment(),
                       const QStringList& arguments = {}, QString* output = nullptr);
};

} // namespace fr2r::tests
