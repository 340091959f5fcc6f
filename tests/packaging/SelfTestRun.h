// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QProcessEnvironment>
#include <QString>

namespace fr2r::tests {

// Runs `program --self-test` the way a user's machine would: no display, no QT_QPA_PLATFORM, nothing
// from the build tree on the library path. Fails the current Qt test when it does not exit 0 with its message.
class SelfTestRun
{
public:
    static QProcessEnvironment bareEnvironment();
    static void verify(const QString& program, const QProcessEnvironment& environment = bareEnvironment());
};

} // namespace fr2r::tests
