#pragma once

#include "core/api/TrainingSettings.h"

#include <QString>

namespace fr2r::ui {

// What the training wizard was last asked for; AppSettings keeps it, so that reopening the wizard on the same pack
// folder offers to resume that run with its settings.
struct TrainingChoices
{
    QString baseModel; // empty: the loaded model
    QString realFolder;
    QString renderedFolder;
    QString packFolder;
    fr2r::core::TrainingSettings lora = stage(fr2r::core::TrainingStage::Lora, 1e-4);
    fr2r::core::TrainingSettings embedding = stage(fr2r::core::TrainingStage::Embedding, 5e-4);
    QString previewRender; // empty: no preview
    int previewEvery = 50;

    // The fashionr2r-cli train defaults of a stage.
    static fr2r::core::TrainingSettings stage(fr2r::core::TrainingStage stage, double learningRate)
    {
        fr2r::core::TrainingSettings settings;
        settings.stage = stage;
        settings.learningRate = learningRate;
        return settings;
    }
};

} // namespace fr2r::ui
