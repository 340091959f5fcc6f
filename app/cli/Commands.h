#pragma once

#include <QStringList>

namespace fr2r::cli {

// Each command parses its own arguments (arguments[0] is the program, [1] the command) and returns
// the process exit code: 0 only when every input succeeded.
int runTranslate(const QStringList& arguments);
int runSweep(const QStringList& arguments);
int runTrain(const QStringList& arguments); // trains a domain pack; 2 for bad arguments or image folders
int runEval(const QStringList& arguments); // 0 when the evaluation ran, even with unpaired/unreadable files
int runFetchModel(const QStringList& arguments); // downloads the base model from the Hugging Face hub
int runSelfTest(const QStringList& arguments); // --self-test: 0 when a tiny model loads and runs

} // namespace fr2r::cli
