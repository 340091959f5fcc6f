#pragma once

#include <QPointF>
#include <QRectF>
#include <QSizeF>

namespace fr2r::ui {

// The pure geometry of the comparison view: comparison mode, divider position and the
// zoom/pan transform (image pixels -> widget coordinates) shared by both halves.
class ViewTransform
{
public:
    enum class Mode { Slider, SideBySide, Difference };

    void setImageSize(const QSizeF& size);
    void setViewSize(const QSizeF& size); // of one pane (the whole widget, or one half side by side)
    QSizeF imageSize() const { return m_imageSize; }
    QSizeF viewSize() const { return m_viewSize; }

    Mode mode() const { return m_mode; }
    void setMode(Mode mode) { m_mode = mode; }

    double scale() const { return m_scale; } // widget units per image pixel
    QPointF offset() const { return m_offset; }
    bool isFitted() const { return m_fitted; }
    void fit();                                  // whole image visible, centred
    void setActualPixels(double devicePixelRatio); // one image pixel per device pixel
    void zoomAt(const QPointF& viewPos, double factor); // the image point under viewPos stays put
    void panBy(const QPointF& delta);

    QPointF mapToView(const QPointF& imagePos) const;
    QPointF mapToImage(const QPointF& viewPos) const;
    QRectF imageRectInView() const;

    double divider() const { return m_divider; } // 0 = all "after", 1 = all "before"
    void setDivider(double fraction);
    double dividerX(double width) const;
    void setDividerFromX(double x, double width);

    // Where a corner label of labelSize goes so that it never covers the divider at dividerX;
    // an empty rectangle when there is no room on its side.
    static QRectF leftLabelRect(const QSizeF& labelSize, double dividerX, double margin);
    static QRectF rightLabelRect(const QSizeF& labelSize, double dividerX, double width, double margin);

    static constexpr double kMinScale = 0.02;
    static constexpr double kMaxScale = 32.0;

private:
    void centre();

    QSizeF m_imageSize;
    QSizeF m_viewSize;
    Mode m_mode = Mode::Slider;
    double m_scale = 1.0;
    QPointF m_offset;
    bool m_fitted = true;
    double m_divider = 0.5;
};

} // namespace fr2r::ui
