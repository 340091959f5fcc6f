#pragma once

#include "core/api/TrainingSettings.h"

#include <QWidget>

class QCPGraph;
class QCustomPlot;

namespace fr2r::ui {

// The training loss, one line per DKI stage in its own colour, with a legend; the embedding stage's steps follow
// the LoRA stage's on the step axis.
class TrainingLossChart : public QWidget
{
    Q_OBJECT

public:
    explicit TrainingLossChart(QWidget* parent = nullptr);

    void setLoraSteps(qint64 steps); // where the embedding stage starts on the axis
    void addLoss(fr2r::core::TrainingStage stage, qint64 step, double loss);
    int pointCount(fr2r::core::TrainingStage stage) const;

private:
    QCPGraph* graph(fr2r::core::TrainingStage stage) const;

    QCustomPlot* m_plot;
    qint64 m_loraSteps = 0;
};

} // namespace fr2r::ui
