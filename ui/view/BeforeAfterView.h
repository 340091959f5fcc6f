#pragma once

#include "ui/view/ViewTransform.h"

#include <QImage>
#include <QWidget>

class QPushButton;

namespace fr2r::ui {

// The comparison view: the rendered input ("before") and the realistic result ("after") under a
// draggable divider, side by side, or as a heat map of their difference; zoom and pan are shared.
class BeforeAfterView : public QWidget
{
    Q_OBJECT

public:
    using Mode = ViewTransform::Mode;

    explicit BeforeAfterView(QWidget* parent = nullptr);

    void setBefore(const QImage& image); // a new input: clears the result
    void setAfter(const QImage& image); // a current result: not outdated, not a preview
    // A preview in the result's place, labelled mark instead of "Realistic" until the next setAfter().
    void setPreview(const QImage& image, const QString& mark);
    void setPreviewMark(const QString& mark); // while a preview is shown
    bool isShowingPreview() const { return !m_previewMark.isEmpty(); }
    // Marks the result as computed with other settings than the panel's ("previous settings").
    void setAfterOutdated(bool outdated);
    QString afterLabel() const;
    void clear();
    QImage before() const { return m_before; }
    QImage after() const { return m_after; }
    const ViewTransform& transform() const { return m_transform; }
    bool isShowingBeforeOnly() const { return m_peekBefore; }
    double zoomPercent() const; // relative to device pixels

    // Without a model the empty view says why: reason, or that none is set yet.
    void setModelAvailable(bool available, const QString& reason = QString());
    QString emptyStateText() const; // what the view says while it has no image

    static QImage differenceHeatMap(const QImage& before, const QImage& after);

public Q_SLOTS:
    void setMode(fr2r::ui::ViewTransform::Mode mode);
    void setDivider(double fraction);
    void fitToView();
    void showActualPixels();
    void toggleBeforeAfter();

Q_SIGNALS:
    void modeChanged(fr2r::ui::ViewTransform::Mode mode);
    void zoomChanged(double percent);
    void dividerMoved(double fraction);
    void filesDropped(const QStringList& paths);
    void settingsRequested();
    void downloadRequested();

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    QSizeF paneSize() const;
    QSizeF imageRectSize() const;
    QPointF toPane(const QPointF& widgetPos) const;
    bool nearDivider(const QPointF& pos) const;
    void updateGeometryState();
    void updateEmptyState();
    void paintEmptyState(QPainter& painter);
    void paintSlider(QPainter& painter);
    void paintSideBySide(QPainter& painter);
    void paintImage(QPainter& painter, const QImage& image, const QRectF& clip);
    void paintLabel(QPainter& painter, const QString& text, const QRectF& rect, bool preview = false);
    void paintAfterLabel(QPainter& painter, double left);
    QSizeF labelSize(const QString& text) const;
    void zoomCentre(double factor);
    void emitZoom();

    ViewTransform m_transform;
    QImage m_before;
    QImage m_after;
    QImage m_difference;
    bool m_peekBefore = false;
    bool m_afterOutdated = false;
    QString m_previewMark; // empty unless the "after" image is a preview
    bool m_modelAvailable = true;
    QString m_modelReason;
    enum class Drag { None, Divider, Pan } m_drag = Drag::None;
    QPointF m_lastPos;
    QPushButton* m_settingsButton = nullptr;
    QPushButton* m_downloadButton = nullptr;
};

} // namespace fr2r::ui
