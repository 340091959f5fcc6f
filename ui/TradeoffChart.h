#pragma once

#include <QFutureWatcher>
#include <QPointF>
#include <QPointer>
#include <QString>
#include <QVector>
#include <QWidget>

class QComboBox;
class QCustomPlot;

namespace fr2r::ui {

class SweepGridModel;

// The realism/texture trade-off of a sweep: a metric of each cell against the input (SSIM now,
// LPIPS once its weights are configured) over gamma, one line per strength, updated as values arrive.
class TradeoffChart : public QWidget
{
    Q_OBJECT

public:
    explicit TradeoffChart(QWidget* parent = nullptr);
    ~TradeoffChart() override;

    void setModel(const SweepGridModel* model);
    void setMetric(const QString& name); // a SweepGridModel metric key ("ssim", "lpips")
    QString metric() const { return m_metric; }
    int seriesCount() const;
    QVector<QPointF> seriesPoints(int series) const; // (gamma, value), gamma ascending

    // Renders now and writes the PNG on a worker; answers with exported() or exportFailed().
    void exportPng(const QString& path, const QSize& size = QSize(1200, 800));

Q_SIGNALS:
    void metricChanged(const QString& name);
    void exported(const QString& path);
    void exportFailed(const QString& message);

private:
    void rebuild();
    void refreshSeries(int row);
    void refreshMetricChoices();
    void rescale();

    QPointer<const SweepGridModel> m_model;
    QString m_metric;
    QComboBox* m_metricBox = nullptr;
    QCustomPlot* m_plot = nullptr;
    QFutureWatcher<QString> m_exportWatcher; // empty result: success, else the error message
    QString m_exportPath;
};

} // namespace fr2r::ui
