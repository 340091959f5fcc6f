#pragma once

#include "core/api/EngineSettings.h"

#include <QString>

namespace fr2r::ui {

// What the window says when a model load fails: the core's message names the file that failed, and this names
// the setting that holds it (the negative embedding, a LoRA, the domain pack, else the base model).
QString modelLoadFailureText(const QString& message, const fr2r::core::EngineSettings& settings);

} // namespace fr2r::ui
