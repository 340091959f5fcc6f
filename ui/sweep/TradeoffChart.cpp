#include "ui/sweep/TradeoffChart.h"

#include "core/api/Error.h"
#include "imaging/PngWriter.h"
#include "ui/AsyncTask.h"
#include "ui/ImageConversion.h"
#include "ui/QCustomPlotInclude.h"
#include "ui/sweep/SweepGridAxis.h"
#include "ui/sweep/SweepGridModel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

#include <algorithm>

namespace fr2r::ui {

namespace {

// Legend entries per row under the plot: two fit the minimum width.
constexpr int kLegendColumns = 2;
// A stretch factor that leaves a row its minimum height (the legend, the title) and the rest to the plot.
constexpr double kFixedRow = 0.001;

// Blue for the gentlest strength through red for the strongest.
QColor seriesColor(int index, int count)
{
    const int hue = count > 1 ? 240 - 240 * index / (count - 1) : 240;
    return QColor::fromHsv(hue, 200, 200);
}

} // namespace

TradeoffChart::TradeoffChart(QWidget* parent)
    : QWidget(parent)
    , m_metric(SweepGridModel::Ssim)
    , m_metricBox(new QComboBox(this))
    , m_plot(new QCustomPlot(this))
{
    setObjectName(QStringLiteral("tradeoffChart"));
    m_metricBox->setObjectName(QStringLiteral("tradeoffMetric"));
    m_metricBox->setToolTip(tr("Which similarity to the input the chart plots"));
    m_plot->setObjectName(QStringLiteral("tradeoffPlot"));
    m_plot->setToolTip(tr("Similarity to the input against the TAC ratio γ, one line per denoising strength: "
                          "higher γ keeps more texture, higher strength looks more real"));
    m_plot->xAxis->setLabel(tr("TAC ratio γ"));
    setMinimumWidth(kMinimumWidth);
    placeLegendBelow();
    connect(m_plot, &QCustomPlot::beforeReplot, this, &TradeoffChart::thinGammaTicks);

    auto* bar = new QHBoxLayout;
    auto* label = new QLabel(tr("Metric:"), this);
    label->setBuddy(m_metricBox);
    bar->addWidget(label);
    bar->addWidget(m_metricBox);
    bar->addStretch();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_plot, 1);

    refreshMetricChoices();
    connect(m_metricBox, QOverload<int>::of(&QComboBox::activated), this,
            [this](int index) { setMetric(m_metricBox->itemData(index).toString()); });
    rebuild();
}

void TradeoffChart::setModel(const SweepGridModel* model)
{
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
    m_model = model;
    if (model) {
        connect(model, &SweepGridModel::gridReset, this, &TradeoffChart::rebuild);
        connect(model, &SweepGridModel::cellChanged, this, [this](int row, int) { refreshSeries(row); });
        connect(model, &SweepGridModel::metricChanged, this, [this](int row, int, const QString& name) {
            refreshMetricChoices();
            if (name == m_metric)
                refreshSeries(row);
        });
    }
    rebuild();
}

void TradeoffChart::setMetric(const QString& name)
{
    if (name == m_metric)
        return;
    m_metric = name;
    refreshMetricChoices();
    rebuild();
    Q_EMIT metricChanged(name);
}

int TradeoffChart::seriesCount() const
{
    return m_plot->graphCount();
}

QVector<QPointF> TradeoffChart::seriesPoints(int series) const
{
    QVector<QPointF> points;
    const auto data = m_plot->graph(series)->data();
    for (auto it = data->constBegin(); it != data->constEnd(); ++it)
        points.push_back(QPointF(it->key, it->value));
    return points;
}

TradeoffChart::PlotGeometry TradeoffChart::plotGeometry() const
{
    PlotGeometry geometry{m_plot->axisRect()->outerRect(), m_plot->legend->outerRect(), {}};
    const QFontMetrics metrics(m_plot->xAxis->tickLabelFont());
    const QVector<double> ticks = m_plot->xAxis->tickVector();
    const QVector<QString> labels = m_plot->xAxis->tickVectorLabels();
    for (int i = 0; i < ticks.size() && i < labels.size(); ++i) {
        if (!m_plot->xAxis->range().contains(ticks[i]))
            continue;
        const int width = metrics.horizontalAdvance(labels[i]);
        const int centre = qRound(m_plot->xAxis->coordToPixel(ticks[i]));
        geometry.gammaTickLabels.push_back(
            QRect(centre - width / 2, geometry.plotArea.bottom(), width, metrics.height()));
    }
    return geometry;
}

// In the axis rect's corner the legend covered the lines it explains; in its own row it never does.
void TradeoffChart::placeLegendBelow()
{
    m_plot->axisRect()->insetLayout()->take(m_plot->legend);
    auto* legendRow = new QCPLayoutGrid;
    m_plot->plotLayout()->addElement(1, 0, legendRow);
    m_plot->plotLayout()->setRowStretchFactor(1, kFixedRow);
    legendRow->setMargins(QMargins(0, 0, 0, 4));
    legendRow->addElement(0, 0, m_plot->legend);
    // A layout column is no wider than its narrowest element's maximum: beside an empty legend (before the
    // first sweep) the plot shrank to a sliver. An element that may grow lifts that limit.
    legendRow->addElement(0, 1, new QCPLayoutElement(m_plot));
    m_plot->legend->setFillOrder(QCPLegend::foColumnsFirst);
    m_plot->legend->setWrap(kLegendColumns);
    m_plot->legend->setVisible(true);
}

// As many gamma ticks as their labels fit side by side, so that they never run together.
void TradeoffChart::thinGammaTicks()
{
    const QFontMetrics metrics(m_plot->xAxis->tickLabelFont());
    const int labelPitch = metrics.horizontalAdvance(QStringLiteral("0.00")) + 2 * metrics.averageCharWidth();
    const QMargins margins = m_plot->axisRect()->margins();
    const int axisWidth = m_plot->viewport().width() - margins.left() - margins.right();
    m_plot->xAxis->ticker()->setTickCount(std::clamp(axisWidth / std::max(1, labelPitch) - 1, 1, 5));
}

void TradeoffChart::refreshMetricChoices()
{
    QStringList names{SweepGridModel::Ssim};
    if (m_model)
        names += m_model->metricNames();
    if (!names.contains(m_metric))
        names.push_back(m_metric);
    names.removeDuplicates();
    m_metricBox->clear();
    for (const QString& name : names)
        m_metricBox->addItem(SweepGridModel::metricTitle(name), name);
    m_metricBox->setCurrentIndex(names.indexOf(m_metric));
}

void TradeoffChart::rebuild()
{
    m_plot->clearGraphs();
    m_plot->yAxis->setLabel(tr("%1 to the input").arg(SweepGridModel::metricTitle(m_metric)));
    const int rows = m_model ? m_model->rowCount() : 0;
    for (int r = 0; r < rows; ++r) {
        QCPGraph* graph = m_plot->addGraph();
        graph->setName(tr("strength %1").arg(SweepGridAxis::formatValue(m_model->strengths()[r])));
        graph->setPen(QPen(seriesColor(r, rows), 2));
        graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 6));
        refreshSeries(r);
    }
    rescale();
}

void TradeoffChart::refreshSeries(int row)
{
    if (!m_model || row < 0 || row >= m_plot->graphCount())
        return;
    QVector<double> keys;
    QVector<double> values;
    for (int c = 0; c < m_model->columnCount(); ++c) {
        if (const auto value = m_model->metric(row, c, m_metric)) {
            keys.push_back(m_model->gammas()[c]);
            values.push_back(*value);
        }
    }
    m_plot->graph(row)->setData(keys, values);
    rescale();
}

void TradeoffChart::rescale()
{
    double low = 0.0;
    double high = 1.0;
    if (m_model && !m_model->gammas().isEmpty()) {
        const auto [minGamma, maxGamma] = std::minmax_element(m_model->gammas().begin(), m_model->gammas().end());
        low = *minGamma;
        high = *maxGamma;
    }
    const double margin = std::max(0.05, (high - low) * 0.05);
    m_plot->xAxis->setRange(low - margin, high + margin);
    bool found = false;
    const QCPRange values = m_plot->graphCount() > 0 ? m_plot->graph(0)->getValueRange(found) : QCPRange();
    QCPRange all = found ? values : QCPRange(0.0, 1.0);
    for (int g = 1; g < m_plot->graphCount(); ++g) {
        bool foundHere = false;
        const QCPRange range = m_plot->graph(g)->getValueRange(foundHere);
        if (foundHere)
            all.expand(range);
    }
    const double pad = std::max(0.01, all.size() * 0.1);
    m_plot->yAxis->setRange(all.lower - pad, all.upper + pad);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

QPixmap TradeoffChart::renderWithTitle(const QString& title, const QSize& size)
{
    if (title.isEmpty())
        return m_plot->toPixmap(size.width(), size.height());
    QFont font = this->font();
    font.setBold(true);
    font.setPointSizeF(font.pointSizeF() * 1.2);
    auto* heading = new QCPTextElement(m_plot, title, font);
    heading->setTextFlags(Qt::AlignCenter | Qt::TextWordWrap);
    m_plot->plotLayout()->insertRow(0);
    m_plot->plotLayout()->addElement(0, 0, heading);
    m_plot->plotLayout()->setRowStretchFactor(0, kFixedRow);
    const QPixmap pixmap = m_plot->toPixmap(size.width(), size.height());
    m_plot->plotLayout()->remove(heading);
    m_plot->plotLayout()->simplify();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
    return pixmap;
}

void TradeoffChart::exportPng(const QString& path, const QString& title, const QSize& size)
{
    if (m_exporting) {
        Q_EMIT exportFailed(tr("The chart is still being saved; try again in a moment."));
        return;
    }
    // Rendering needs the GUI thread; encoding and writing do not.
    const fr2r::ImageBuffer image = ImageConversion::toBuffer(renderWithTitle(title, size).toImage());
    m_exporting = true;
    const auto write = [path, image]() -> QString {
        try {
            fr2r::imaging::writePng(path.toStdString(), image);
            return {};
        } catch (const fr2r::Error& error) {
            return tr("Could not save the chart: %1").arg(QString::fromStdString(error.what()));
        }
    };
    AsyncTask::runThenCallback(write, this, [this, path](const QString& error) {
        m_exporting = false;
        if (error.isEmpty())
            Q_EMIT exported(path);
        else
            Q_EMIT exportFailed(error);
    });
}

} // namespace fr2r::ui

#include "moc_TradeoffChart.cpp"
