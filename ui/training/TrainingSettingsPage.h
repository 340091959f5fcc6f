#pragma once

#include "ui/training/TrainingChoices.h"

#include <QWizardPage>

class QCheckBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace fr2r::ui {

// The training wizard's settings page: both stages' steps, the LoRA rank, the token's vectors, resolution, batch,
// learning rates, checkpoint interval, latent cache and gradient checkpointing, the preview render and its interval; "Estimate" measures one step.
class TrainingSettingsPage : public QWizardPage
{
    Q_OBJECT

public:
    explicit TrainingSettingsPage(QWidget* parent = nullptr);

    void setChoices(const TrainingChoices& choices); // the settings and the preview
    void applyTo(TrainingChoices& choices) const;
    void showEstimate(const QString& text); // also re-enables Estimate
    bool isComplete() const override;

Q_SIGNALS:
    void estimateRequested();

private:
    void browseRender();

    QSpinBox* m_loraSteps;
    QSpinBox* m_embeddingSteps;
    QSpinBox* m_rank;
    QSpinBox* m_vectors;
    QSpinBox* m_resolution;
    QSpinBox* m_batch;
    QDoubleSpinBox* m_loraRate;
    QDoubleSpinBox* m_embeddingRate;
    QSpinBox* m_checkpointEvery;
    QCheckBox* m_cacheLatents;
    QCheckBox* m_gradientCheckpointing;
    QLineEdit* m_render;
    QSpinBox* m_previewEvery;
    QPushButton* m_estimate;
    QLabel* m_estimateLabel;
};

} // namespace fr2r::ui
