#pragma once

#include "ui/sweep/SweepGridLayout.h"

#include <QImage>
#include <QPointer>
#include <QString>
#include <QTimer>
#include <QWidget>

namespace fr2r::ui {

class SweepGridModel;

// The sweep as a grid: rows are strengths, columns gammas, axis titles and values in the margins,
// optionally the input as a first column and a metric under each cell. Pending cells show a
// spinner while the sweep runs; clicking a finished cell activates it.
class SweepGridWidget : public QWidget
{
    Q_OBJECT

public:
    explicit SweepGridWidget(QWidget* parent = nullptr);

    void setModel(const SweepGridModel* model);
    void setInput(const QImage& input);           // null: no input column
    void setRunning(bool running);                // pending cells spin while running
    void setCaptionMetric(const QString& metric); // empty: no captions
    const SweepGridLayout& gridLayout() const { return m_layout; }

    QSize minimumSizeHint() const override;
    QSize sizeHint() const override;

Q_SIGNALS:
    void cellActivated(int row, int column);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    bool event(QEvent* event) override;

private:
    fr2r::imaging::GridMetrics labelMetrics() const;
    QSize imageSize() const;
    QString captionText(int row, int column, int width) const;
    QString cellToolTip(int row, int column) const;
    void relayout();
    void onCellChanged(int row, int column);
    void updateSpinner();
    void advanceSpinner();
    void paintLabels(QPainter& painter) const;
    void paintCell(QPainter& painter, int row, int column) const;
    void paintPreviewCell(QPainter& painter, const QRect& cell, const QImage& image) const;
    void paintSpinner(QPainter& painter, const QRect& cell) const;

    QPointer<const SweepGridModel> m_model;
    QImage m_input;
    QString m_captionMetric;
    bool m_running = false;
    int m_spinnerAngle = 0;
    QTimer m_spinnerTimer;
    SweepGridLayout m_layout;
};

} // namespace fr2r::ui
