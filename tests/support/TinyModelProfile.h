#pragma once

#include "core/api/EngineSettings.h"
#include "core/api/RigParams.h"

#include <QString>

namespace fr2r::test {

// The engine settings of the tiny golden model on the CPU in fp32, optionally with its negative embedding.
core::EngineSettings tinyModelSettings(bool withNegativeEmbedding);

// Starts the window tests' profile: this application's settings live in configFolder and hold the tiny model
// and params (the panel's last parameters), so a MainWindow built next loads it at once.
void useTinyModelProfile(const QString& applicationName, const QString& configFolder,
                         const core::EngineSettings& engine, const core::RigParams& params);

} // namespace fr2r::test
