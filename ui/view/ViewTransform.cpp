#include "ui/view/ViewTransform.h"

#include <algorithm>

namespace fr2r::ui {

void ViewTransform::setImageSize(const QSizeF& size)
{
    const bool changed = size != m_imageSize;
    m_imageSize = size;
    if (changed && m_fitted)
        fit();
}

void ViewTransform::setViewSize(const QSizeF& size)
{
    // Keep the image point at the view centre where it was when the view is resized.
    const QPointF centreImage = mapToImage(QPointF(m_viewSize.width() / 2, m_viewSize.height() / 2));
    m_viewSize = size;
    if (m_fitted) {
        fit();
        return;
    }
    m_offset = QPointF(size.width() / 2, size.height() / 2) - centreImage * m_scale;
}

void ViewTransform::fit()
{
    m_fitted = true;
    if (m_imageSize.isEmpty() || m_viewSize.isEmpty())
        return;
    m_scale = std::clamp(std::min(m_viewSize.width() / m_imageSize.width(), m_viewSize.height() / m_imageSize.height()),
                         kMinScale, kMaxScale);
    centre();
}

void ViewTransform::setActualPixels(double devicePixelRatio)
{
    const QPointF centreView(m_viewSize.width() / 2, m_viewSize.height() / 2);
    zoomAt(centreView, (1.0 / std::max(devicePixelRatio, 0.1)) / m_scale);
}

void ViewTransform::zoomAt(const QPointF& viewPos, double factor)
{
    const QPointF anchor = mapToImage(viewPos);
    m_scale = std::clamp(m_scale * factor, kMinScale, kMaxScale);
    m_offset = viewPos - anchor * m_scale;
    m_fitted = false;
}

void ViewTransform::panBy(const QPointF& delta)
{
    m_offset += delta;
    m_fitted = false;
}

QPointF ViewTransform::mapToView(const QPointF& imagePos) const
{
    return imagePos * m_scale + m_offset;
}

QPointF ViewTransform::mapToImage(const QPointF& viewPos) const
{
    return (viewPos - m_offset) / m_scale;
}

QRectF ViewTransform::imageRectInView() const
{
    return QRectF(m_offset, m_imageSize * m_scale);
}

void ViewTransform::setDivider(double fraction)
{
    m_divider = std::clamp(fraction, 0.0, 1.0);
}

double ViewTransform::dividerX(double width) const
{
    return m_divider * width;
}

void ViewTransform::setDividerFromX(double x, double width)
{
    setDivider(width > 0 ? x / width : 0.5);
}

QRectF ViewTransform::leftLabelRect(const QSizeF& labelSize, double dividerX, double margin)
{
    const double right = std::min(margin + labelSize.width(), dividerX - margin);
    const double left = right - labelSize.width();
    if (left < 0)
        return {};
    return QRectF(QPointF(left, margin), labelSize);
}

QRectF ViewTransform::rightLabelRect(const QSizeF& labelSize, double dividerX, double width, double margin)
{
    const double left = std::max(width - margin - labelSize.width(), dividerX + margin);
    if (left + labelSize.width() > width)
        return {};
    return QRectF(QPointF(left, margin), labelSize);
}

void ViewTransform::centre()
{
    m_offset = QPointF((m_viewSize.width() - m_imageSize.width() * m_scale) / 2,
                       (m_viewSize.height() - m_imageSize.height() * m_scale) / 2);
}

} // namespace fr2r::ui
