#include "ui/training/TrainingLossChart.h"

#include "ui/QCustomPlotInclude.h"

#include <QVBoxLayout>

namespace fr2r::ui {

TrainingLossChart::TrainingLossChart(QWidget* parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this))
{
    setObjectName(QStringLiteral("lossChart"));
    m_plot->setObjectName(QStringLiteral("lossPlot"));
    m_plot->xAxis->setLabel(tr("step"));
    QSharedPointer<QCPAxisTickerFixed> steps(new QCPAxisTickerFixed);
    steps->setTickStep(1.0); // whole steps, in multiples of one as the run grows
    steps->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    m_plot->xAxis->setTicker(steps);
    m_plot->yAxis->setLabel(tr("loss"));
    m_plot->legend->setVisible(true);
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    const struct
    {
        QString name;
        QColor colour;
    } stages[] = {{tr("LoRA (real photos)"), QColor(31, 119, 180)}, {tr("Embedding (renders)"), QColor(255, 127, 14)}};
    for (const auto& stage : stages) {
        QCPGraph* line = m_plot->addGraph();
        line->setName(stage.name);
        line->setPen(QPen(stage.colour, 1.5));
    }
    setMinimumHeight(180);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
}

void TrainingLossChart::setLoraSteps(qint64 steps)
{
    m_loraSteps = steps;
}

void TrainingLossChart::addLoss(fr2r::core::TrainingStage stage, qint64 step, double loss)
{
    const bool lora = stage == fr2r::core::TrainingStage::Lora;
    graph(stage)->addData(static_cast<double>(lora ? step : m_loraSteps + step), loss);
    m_plot->rescaleAxes();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

int TrainingLossChart::pointCount(fr2r::core::TrainingStage stage) const
{
    return graph(stage)->dataCount();
}

QCPGraph* TrainingLossChart::graph(fr2r::core::TrainingStage stage) const
{
    return m_plot->graph(stage == fr2r::core::TrainingStage::Lora ? 0 : 1);
}

} // namespace fr2r::ui
