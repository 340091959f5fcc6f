#pragma once

#include <QPixmap>
#include <QPointF>
#include <QPointer>
#include <QRect>
#include <QString>
#include <QVector>
#include <QWidget>

class QComboBox;
class QCustomPlot;

namespace fr2r::ui {

class SweepGridModel;

// The realism/texture trade-off of a sweep: a metric of each cell against the input (SSIM now,
// LPIPS once its weights are configured) over gamma, one line per strength, updated as values arrive.
// The legend sits under the plot, never over the lines, and the gamma ticks thin out to fit the width.
class TradeoffChart : public QWidget
{
    Q_OBJECT

public:
    static constexpr int kMinimumWidth = 300; // below this the axis labels and the legend no longer read

    // Where the plot's parts lie after the last replot, in the plot's pixels.
    struct PlotGeometry
    {
        QRect plotArea;
        QRect legend;
        QVector<QRect> gammaTickLabels; // left to right
    };

    explicit TradeoffChart(QWidget* parent = nullptr);

    void setModel(const SweepGridModel* model);
    void setMetric(const QString& name); // a SweepGridModel metric key ("ssim", "lpips")
    QString metric() const { return m_metric; }
    int seriesCount() const;
    QVector<QPointF> seriesPoints(int series) const; // (gamma, value), gamma ascending
    PlotGeometry plotGeometry() const;

    // Renders now, under title (the image, model and settings), and writes the PNG on a worker; answers with
    // exported() or exportFailed().
    void exportPng(const QString& path, const QString& title, const QSize& size = QSize(1200, 800));

Q_SIGNALS:
    void metricChanged(const QString& name);
    void exported(const QString& path);
    void exportFailed(const QString& message);

private:
    void rebuild();
    void refreshSeries(int row);
    void refreshMetricChoices();
    void rescale();
    void placeLegendBelow();
    void thinGammaTicks();
    QPixmap renderWithTitle(const QString& title, const QSize& size);

    QPointer<const SweepGridModel> m_model;
    QString m_metric;
    QComboBox* m_metricBox = nullptr;
    QCustomPlot* m_plot = nullptr;
    bool m_exporting = false;
};

} // namespace fr2r::ui
