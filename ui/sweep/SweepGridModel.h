#pragma once

#include "core/api/ImageBuffer.h"

#include <QImage>
#include <QMap>
#include <QObject>
#include <QSize>
#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>

namespace fr2r::ui {

// One sweep result: rows are strengths, columns gammas. Cells fill in as the engine delivers
// them; metrics (keyed "ssim", "lpips", ...) arrive later from workers. The grid view, the
// trade-off chart and the export all read this one model.
class SweepGridModel : public QObject
{
    Q_OBJECT

public:
    struct Cell
    {
        fr2r::ImageBuffer image;       // null while pending
        QImage preview;                // downscaled copy for painting
        QMap<QString, double> metrics; // metric name -> value against the input; final cells only
        bool isPreview = false;        // made at the preview size; its full-size cell replaces it
        bool isReady() const { return !image.isNull(); }
        bool isFinal() const { return isReady() && !isPreview; }
    };

    static const QString Ssim;
    static const QString Lpips;

    explicit SweepGridModel(QObject* parent = nullptr);
    static QString metricTitle(const QString& name); // "ssim" -> "SSIM"

    void reset(const QVector<double>& strengths, const QVector<double>& gammas);
    const QVector<double>& strengths() const { return m_strengths; }
    const QVector<double>& gammas() const { return m_gammas; }
    int rowCount() const { return m_strengths.size(); }
    int columnCount() const { return m_gammas.size(); }
    int rowOf(double strength) const;   // -1 when the value is not on the grid
    int columnOf(double gamma) const;   // -1 when the value is not on the grid
    bool contains(int row, int column) const;

    const Cell& cell(int row, int column) const;
    // false when off the grid; a preview never replaces a final cell
    bool setImage(double strength, double gamma, const fr2r::ImageBuffer& image, bool isPreview = false);
    void setMetric(int row, int column, const QString& name, double value);
    std::optional<double> metric(int row, int column, const QString& name) const;
    QStringList metricNames() const; // every metric that has at least one value, sorted
    int readyCount() const;
    int finalCount() const;
    QSize resultSize() const; // of the first final cell, else the first ready one; empty when none is
    bool isComplete() const { return rowCount() > 0 && finalCount() == rowCount() * columnCount(); }

Q_SIGNALS:
    void gridReset();
    void cellChanged(int row, int column);
    void metricChanged(int row, int column, const QString& name);

private:
    static int indexOf(const QVector<double>& values, double value);

    QVector<double> m_strengths;
    QVector<double> m_gammas;
    QVector<Cell> m_cells; // row-major
};

} // namespace fr2r::ui
