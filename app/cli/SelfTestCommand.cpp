// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/Commands.h"
#include "core/api/Error.h"
#include "core/diffusion/SelfTest.h"

#include <QCoreApplication>
#include <QFile>
#include <QTemporaryDir>

#include <cstdio>

namespace fr2r::cli {

// The model-loading path of `translate` (a diffusers folder, the shipped CLIP vocabulary) on a tiny model.
int runSelfTest(const QStringList& arguments)
{
    QTemporaryDir scratch;
    if (!scratch.isValid())
        throw Error("self-test: no temporary folder (" + scratch.errorString().toStdString() + ")");
    QFile vocab(QStringLiteral(":/clip/vocab.json"));
    QFile merges(QStringLiteral(":/clip/merges.txt"));
    if (!vocab.open(QIODevice::ReadOnly) || !merges.open(QIODevice::ReadOnly))
        throw Error("self-test: the shipped CLIP vocabulary (:/clip/vocab.json, :/clip/merges.txt) is missing");
    const std::string summary = core::SelfTest::run(scratch.path().toStdString(), vocab.readAll().toStdString(),
                                                    merges.readAll().toStdString());
    std::printf("%s %s: self-test passed: %s\n", qPrintable(QCoreApplication::applicationName()),
                qPrintable(QCoreApplication::applicationVersion()), summary.c_str());
    return 0;
}

} // namespace fr2r::cli
