#include "ui/view/BeforeAfterView.h"

#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QKeyEvent>
#include <QMimeData>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QPushButton>
#include <QVBoxLayout>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace fr2r::ui {
namespace {

constexpr double kLabelMargin = 8.0;
constexpr double kDividerGrab = 8.0;
constexpr double kKeyStep = 0.02;
constexpr double kWheelZoom = 1.25; // per notch

// Black -> red -> yellow -> white, so small differences stay visible.
QRgb heatColour(int value)
{
    const int v = std::clamp(value, 0, 255 * 3);
    return qRgb(std::min(v, 255), std::clamp(v - 255, 0, 255), std::clamp(v - 510, 0, 255));
}

} // namespace

BeforeAfterView::BeforeAfterView(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("beforeAfterView"));
    setToolTip(tr("Drag the divider (or press Left/Right) to compare; wheel zooms at the cursor, drag pans"));
    setFocusPolicy(Qt::StrongFocus);
    setAcceptDrops(true);
    setMouseTracking(true);
    setMinimumSize(240, 180);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);

    m_settingsButton = new QPushButton(tr("Choose a model…"), this);
    m_settingsButton->setObjectName(QStringLiteral("chooseModelButton"));
    m_settingsButton->setToolTip(tr("Open the settings to choose the base model and the negative embedding"));
    connect(m_settingsButton, &QPushButton::clicked, this, &BeforeAfterView::settingsRequested);
    // A first run has nothing to choose: offer the download beside the choice.
    m_downloadButton = new QPushButton(tr("Download Stable Diffusion 1.5…"), this);
    m_downloadButton->setObjectName(QStringLiteral("downloadModelButton"));
    m_downloadButton->setToolTip(tr("File > Get the base model…: downloads the base model from the Hugging Face hub"));
    connect(m_downloadButton, &QPushButton::clicked, this, &BeforeAfterView::downloadRequested);
    updateEmptyState();
}

void BeforeAfterView::setBefore(const QImage& image)
{
    m_before = image;
    m_after = QImage();
    m_previewMark.clear();
    m_difference = QImage();
    m_peekBefore = false;
    m_transform.fit();
    updateGeometryState();
    updateEmptyState();
    update();
}

void BeforeAfterView::setAfter(const QImage& image)
{
    m_after = image;
    m_afterOutdated = false;
    m_previewMark.clear();
    m_difference = m_before.isNull() || image.isNull() ? QImage() : differenceHeatMap(m_before, m_after);
    updateGeometryState();
    update();
}

void BeforeAfterView::setPreview(const QImage& image, const QString& mark)
{
    setAfter(image);
    m_previewMark = mark;
}

void BeforeAfterView::setPreviewMark(const QString& mark)
{
    if (!isShowingPreview())
        return;
    m_previewMark = mark;
    update();
}

void BeforeAfterView::clear()
{
    setBefore(QImage());
}

double BeforeAfterView::zoomPercent() const
{
    return m_transform.scale() * devicePixelRatioF() * 100.0;
}

void BeforeAfterView::setAfterOutdated(bool outdated)
{
    m_afterOutdated = outdated;
    update();
}

QString BeforeAfterView::afterLabel() const
{
    if (isShowingPreview())
        return m_afterOutdated ? tr("Preview (previous settings)") : m_previewMark;
    return m_afterOutdated ? tr("Realistic (previous settings)") : tr("Realistic");
}

void BeforeAfterView::setModelAvailable(bool available, const QString& reason)
{
    m_modelAvailable = available;
    m_modelReason = reason;
    updateEmptyState();
    update();
}

QImage BeforeAfterView::differenceHeatMap(const QImage& before, const QImage& after)
{
    const QImage a = after.convertToFormat(QImage::Format_RGB888);
    const QImage b = before.size() == after.size()
                         ? before.convertToFormat(QImage::Format_RGB888)
                         : before.scaled(after.size(), Qt::IgnoreAspectRatio, Qt::SmoothTransformation)
                               .convertToFormat(QImage::Format_RGB888);
    QImage heat(a.size(), QImage::Format_RGB32);
    for (int y = 0; y < a.height(); ++y) {
        const uchar* pa = a.constScanLine(y);
        const uchar* pb = b.constScanLine(y);
        auto* out = reinterpret_cast<QRgb*>(heat.scanLine(y));
        for (int x = 0; x < a.width(); ++x) {
            const int sum = std::abs(pa[3 * x] - pb[3 * x]) + std::abs(pa[3 * x + 1] - pb[3 * x + 1]) +
                            std::abs(pa[3 * x + 2] - pb[3 * x + 2]);
            out[x] = heatColour(sum * 2); // mean |difference| amplified 6x over the three colour steps
        }
    }
    return heat;
}

void BeforeAfterView::setMode(ViewTransform::Mode mode)
{
    if (mode == m_transform.mode())
        return;
    m_transform.setMode(mode);
    updateGeometryState();
    update();
    Q_EMIT modeChanged(mode);
}

void BeforeAfterView::setDivider(double fraction)
{
    m_transform.setDivider(fraction);
    update();
    Q_EMIT dividerMoved(m_transform.divider());
}

void BeforeAfterView::fitToView()
{
    m_transform.fit();
    update();
    emitZoom();
}

void BeforeAfterView::showActualPixels()
{
    m_transform.setActualPixels(devicePixelRatioF());
    update();
    emitZoom();
}

void BeforeAfterView::toggleBeforeAfter()
{
    m_peekBefore = !m_peekBefore;
    update();
}

QSizeF BeforeAfterView::paneSize() const
{
    if (m_transform.mode() == Mode::SideBySide)
        return QSizeF(width() / 2.0, height());
    return QSizeF(size());
}

QPointF BeforeAfterView::toPane(const QPointF& widgetPos) const
{
    const double paneWidth = paneSize().width();
    if (m_transform.mode() == Mode::SideBySide && widgetPos.x() >= paneWidth)
        return widgetPos - QPointF(paneWidth, 0);
    return widgetPos;
}

bool BeforeAfterView::nearDivider(const QPointF& pos) const
{
    return m_transform.mode() == Mode::Slider && !m_after.isNull() && !m_peekBefore &&
           std::abs(pos.x() - m_transform.dividerX(width())) <= kDividerGrab;
}

// The render's aspect decides the shared rectangle, at the result's resolution (so "actual pixels" shows the
// result 1:1): the render is never stretched, the result at most by its sides' rounding to 8 pixels.
QSizeF BeforeAfterView::imageRectSize() const
{
    if (m_before.isNull() || m_after.isNull())
        return QSizeF(m_after.isNull() ? m_before.size() : m_after.size());
    return QSizeF(m_after.width(), static_cast<double>(m_after.width()) * m_before.height() / m_before.width());
}

void BeforeAfterView::updateGeometryState()
{
    m_transform.setViewSize(paneSize());
    m_transform.setImageSize(imageRectSize());
    if (m_transform.isFitted())
        m_transform.fit();
    emitZoom();
}

void BeforeAfterView::updateEmptyState()
{
    const bool offer = m_before.isNull() && !m_modelAvailable;
    constexpr int kGap = 12;
    m_settingsButton->setVisible(offer);
    m_downloadButton->setVisible(offer);
    m_settingsButton->adjustSize();
    m_downloadButton->adjustSize();
    const int left = (width() - m_settingsButton->width() - kGap - m_downloadButton->width()) / 2;
    m_settingsButton->move(left, height() / 2 + 40);
    m_downloadButton->move(left + m_settingsButton->width() + kGap, height() / 2 + 40);
}

void BeforeAfterView::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.fillRect(rect(), palette().color(QPalette::Window).darker(115));
    if (m_before.isNull()) {
        paintEmptyState(painter);
        return;
    }
    const bool smooth = m_transform.scale() * devicePixelRatioF() < 2.0;
    painter.setRenderHint(QPainter::SmoothPixmapTransform, smooth);
    if (m_peekBefore || m_after.isNull()) {
        paintImage(painter, m_before, QRectF(rect()));
        paintLabel(painter, tr("Rendered"), ViewTransform::leftLabelRect(labelSize(tr("Rendered")), width(), kLabelMargin));
        return;
    }
    switch (m_transform.mode()) {
    case Mode::Slider:
        paintSlider(painter);
        break;
    case Mode::SideBySide:
        paintSideBySide(painter);
        break;
    case Mode::Difference:
        paintImage(painter, m_difference, QRectF(rect()));
        paintLabel(painter, tr("|Realistic − Rendered|"),
                   ViewTransform::leftLabelRect(labelSize(tr("|Realistic − Rendered|")), width(), kLabelMargin));
        break;
    }
}

void BeforeAfterView::paintEmptyState(QPainter& painter)
{
    QFont font = painter.font();
    font.setPointSizeF(font.pointSizeF() * 1.8);
    painter.setFont(font);
    painter.setPen(palette().color(QPalette::PlaceholderText));
    const QRectF box = QRectF(rect()).adjusted(24, 24, -24, -24);
    painter.drawRoundedRect(box, 12, 12);
    painter.drawText(box, Qt::AlignCenter | Qt::TextWordWrap, emptyStateText());
}

QString BeforeAfterView::emptyStateText() const
{
    const QString drop = tr("Drop renders here, or File > Open");
    if (m_modelAvailable)
        return drop;
    return drop + QLatin1Char('\n') +
           (m_modelReason.isEmpty() ? tr("No model is set yet: choose one to translate.") : m_modelReason);
}

void BeforeAfterView::paintSlider(QPainter& painter)
{
    const double x = m_transform.dividerX(width());
    paintImage(painter, m_before, QRectF(0, 0, x, height()));
    paintImage(painter, m_after, QRectF(x, 0, width() - x, height()));
    painter.setPen(QPen(palette().color(QPalette::Highlight), 2));
    painter.drawLine(QPointF(x, 0), QPointF(x, height()));
    painter.setBrush(palette().color(QPalette::Highlight));
    painter.drawEllipse(QPointF(x, height() / 2.0), 6, 6);
    paintLabel(painter, tr("Rendered"), ViewTransform::leftLabelRect(labelSize(tr("Rendered")), x, kLabelMargin));
    paintAfterLabel(painter, x);
}

void BeforeAfterView::paintSideBySide(QPainter& painter)
{
    const double half = width() / 2.0;
    paintImage(painter, m_before, QRectF(0, 0, half, height()));
    painter.save();
    painter.translate(half, 0);
    paintImage(painter, m_after, QRectF(0, 0, width() - half, height()));
    painter.restore();
    painter.setPen(QPen(palette().color(QPalette::Mid), 1));
    painter.drawLine(QPointF(half, 0), QPointF(half, height()));
    paintLabel(painter, tr("Rendered"), ViewTransform::leftLabelRect(labelSize(tr("Rendered")), half, kLabelMargin));
    paintAfterLabel(painter, half);
}

void BeforeAfterView::paintAfterLabel(QPainter& painter, double left)
{
    const QString text = afterLabel();
    paintLabel(painter, text, ViewTransform::rightLabelRect(labelSize(text), left, width(), kLabelMargin),
               isShowingPreview());
}

// Draws image into the shared image rectangle, clipped to clip (pane coordinates).
void BeforeAfterView::paintImage(QPainter& painter, const QImage& image, const QRectF& clip)
{
    if (image.isNull() || clip.width() <= 0)
        return;
    painter.save();
    painter.setClipRect(clip);
    painter.drawImage(m_transform.imageRectInView(), image, QRectF(image.rect()));
    painter.restore();
}

// A preview's label is amber, so that nobody takes it for the result.
void BeforeAfterView::paintLabel(QPainter& painter, const QString& text, const QRectF& rect, bool preview)
{
    if (rect.isEmpty())
        return;
    painter.save();
    painter.setPen(Qt::NoPen);
    painter.setBrush(preview ? QColor(200, 120, 0, 220) : QColor(0, 0, 0, 140));
    painter.drawRoundedRect(rect, 4, 4);
    painter.setPen(Qt::white);
    painter.drawText(rect, Qt::AlignCenter, text);
    painter.restore();
}

QSizeF BeforeAfterView::labelSize(const QString& text) const
{
    const QSize textSize = fontMetrics().size(Qt::TextSingleLine, text);
    return QSizeF(textSize.width() + 16, textSize.height() + 8);
}

void BeforeAfterView::resizeEvent(QResizeEvent*)
{
    updateGeometryState();
    updateEmptyState();
}

void BeforeAfterView::mousePressEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton)
        return;
    m_lastPos = event->position();
    m_drag = nearDivider(event->position()) ? Drag::Divider : Drag::Pan;
    if (m_drag == Drag::Pan && !m_before.isNull())
        setCursor(Qt::ClosedHandCursor);
}

void BeforeAfterView::mouseMoveEvent(QMouseEvent* event)
{
    if (m_drag == Drag::Divider) {
        m_transform.setDividerFromX(event->position().x(), width());
        Q_EMIT dividerMoved(m_transform.divider());
    } else if (m_drag == Drag::Pan) {
        m_transform.panBy(event->position() - m_lastPos);
    } else {
        setCursor(nearDivider(event->position()) ? Qt::SplitHCursor : Qt::ArrowCursor);
        return;
    }
    m_lastPos = event->position();
    update();
}

void BeforeAfterView::mouseReleaseEvent(QMouseEvent*)
{
    m_drag = Drag::None;
    unsetCursor();
}

void BeforeAfterView::wheelEvent(QWheelEvent* event)
{
    if (m_before.isNull())
        return;
    const double notches = event->angleDelta().y() / 120.0;
    m_transform.zoomAt(toPane(event->position()), std::pow(kWheelZoom, notches));
    update();
    emitZoom();
    event->accept();
}

void BeforeAfterView::keyPressEvent(QKeyEvent* event)
{
    const double step = event->modifiers() & Qt::ShiftModifier ? kKeyStep * 5 : kKeyStep;
    if (event->key() == Qt::Key_Left)
        setDivider(m_transform.divider() - step);
    else if (event->key() == Qt::Key_Right)
        setDivider(m_transform.divider() + step);
    else if (event->matches(QKeySequence::ZoomIn))
        zoomCentre(kWheelZoom);
    else if (event->matches(QKeySequence::ZoomOut))
        zoomCentre(1 / kWheelZoom);
    else if (event->key() == Qt::Key_0 && event->modifiers() & Qt::ControlModifier)
        fitToView();
    else if (event->key() == Qt::Key_1 && event->modifiers() & Qt::ControlModifier)
        showActualPixels();
    else
        QWidget::keyPressEvent(event);
}

void BeforeAfterView::dragEnterEvent(QDragEnterEvent* event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void BeforeAfterView::dropEvent(QDropEvent* event)
{
    QStringList paths;
    for (const QUrl& url : event->mimeData()->urls())
        if (url.isLocalFile())
            paths << url.toLocalFile();
    if (paths.isEmpty())
        return;
    event->acceptProposedAction();
    Q_EMIT filesDropped(paths);
}

void BeforeAfterView::zoomCentre(double factor)
{
    m_transform.zoomAt(QPointF(paneSize().width() / 2, paneSize().height() / 2), factor);
    update();
    emitZoom();
}

void BeforeAfterView::emitZoom()
{
    Q_EMIT zoomChanged(zoomPercent());
}

} // namespace fr2r::ui
