#include "ui/sweep/SweepGridWidget.h"

#include "ui/sweep/SweepGridAxis.h"
#include "ui/sweep/SweepGridModel.h"

#include <QEvent>
#include <QFontMetrics>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>

namespace fr2r::ui {

using fr2r::imaging::GridMetrics;
using fr2r::imaging::GridSize;

namespace {

constexpr int kSpinnerIntervalMs = 50;
constexpr int kSpinnerStepDegrees = 30;
constexpr int kMinimumCellSide = 48;

GridSize measure(const QFontMetrics& metrics, const QString& text)
{
    return {metrics.horizontalAdvance(text), metrics.height()};
}

QFont titleFont(QFont font)
{
    font.setBold(true);
    return font;
}

} // namespace

SweepGridWidget::SweepGridWidget(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("sweepGrid"));
    setToolTip(tr("Strength × gamma sweep: click a finished cell to show it in the comparison view"));
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    m_spinnerTimer.setInterval(kSpinnerIntervalMs);
    connect(&m_spinnerTimer, &QTimer::timeout, this, &SweepGridWidget::advanceSpinner);
}

void SweepGridWidget::setModel(const SweepGridModel* model)
{
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
    m_model = model;
    if (model) {
        connect(model, &SweepGridModel::gridReset, this, &SweepGridWidget::relayout);
        connect(model, &SweepGridModel::cellChanged, this, &SweepGridWidget::onCellChanged);
        connect(model, &SweepGridModel::metricChanged, this, [this](int row, int column, const QString& name) {
            if (name == m_captionMetric)
                update(m_layout.captionRect(row, column));
        });
    }
    relayout();
}

void SweepGridWidget::setInput(const QImage& input)
{
    m_input = input;
    relayout();
}

void SweepGridWidget::setRunning(bool running)
{
    m_running = running;
    updateSpinner();
    update();
}

void SweepGridWidget::setCaptionMetric(const QString& metric)
{
    m_captionMetric = metric;
    relayout();
}

void SweepGridWidget::onCellChanged(int row, int column)
{
    // The first image fixes the cells' aspect; later ones only repaint their cell.
    if (m_model && m_model->readyCount() == 1 && m_input.isNull())
        relayout();
    else
        update(m_layout.cellRect(row, column));
    updateSpinner();
}

void SweepGridWidget::updateSpinner()
{
    const bool spin = m_running && m_model && !m_model->isComplete();
    if (spin && !m_spinnerTimer.isActive())
        m_spinnerTimer.start();
    else if (!spin)
        m_spinnerTimer.stop();
}

void SweepGridWidget::advanceSpinner()
{
    m_spinnerAngle = (m_spinnerAngle + kSpinnerStepDegrees) % 360;
    if (!m_model || m_layout.isEmpty())
        return;
    // Only pending cells move; repainting finished images would waste the GUI thread.
    for (int r = 0; r < m_model->rowCount(); ++r)
        for (int c = 0; c < m_model->columnCount(); ++c)
            if (!m_model->cell(r, c).isReady())
                update(m_layout.cellRect(r, c));
}

QSize SweepGridWidget::imageSize() const
{
    if (!m_input.isNull())
        return m_input.size();
    if (m_model) {
        for (int r = 0; r < m_model->rowCount(); ++r)
            for (int c = 0; c < m_model->columnCount(); ++c)
                if (m_model->cell(r, c).isReady())
                    return QSize(m_model->cell(r, c).image.width, m_model->cell(r, c).image.height);
    }
    return {};
}

GridMetrics SweepGridWidget::labelMetrics() const
{
    GridMetrics metrics;
    if (!m_model)
        return metrics;
    const QFontMetrics text(font());
    const QFontMetrics title(titleFont(font()));
    metrics.rows = m_model->rowCount();
    metrics.columns = m_model->columnCount();
    metrics.hasInput = !m_input.isNull();
    metrics.padding = text.height() / 2;
    metrics.gap = std::max(2, text.height() / 4);
    const GridSize rowTitle = measure(title, tr("Denoising strength"));
    metrics.rowTitle = {rowTitle.height, rowTitle.width};
    metrics.columnTitle = measure(title, tr("TAC ratio γ"));
    if (metrics.hasInput)
        metrics.inputLabel = measure(text, tr("Input"));
    for (double strength : m_model->strengths())
        metrics.rowLabels.push_back(measure(text, SweepGridAxis::formatValue(strength)));
    for (double gamma : m_model->gammas())
        metrics.columnLabels.push_back(measure(text, SweepGridAxis::formatValue(gamma)));
    // Captions reserve their band from the start so that cells do not jump when values arrive.
    if (!m_captionMetric.isEmpty()) {
        const GridSize caption = measure(text, tr("%1 %2").arg(SweepGridModel::metricTitle(m_captionMetric), QStringLiteral("0.000")));
        metrics.captions.assign(size_t(metrics.rows) * metrics.columns, caption);
    }
    return metrics;
}

void SweepGridWidget::relayout()
{
    const GridMetrics metrics = labelMetrics();
    m_layout = metrics.rows > 0 && metrics.columns > 0 ? SweepGridLayout(size(), imageSize(), metrics) : SweepGridLayout();
    updateGeometry();
    update();
}

QSize SweepGridWidget::minimumSizeHint() const
{
    const GridMetrics metrics = labelMetrics();
    if (metrics.rows <= 0 || metrics.columns <= 0)
        return QSize(kMinimumCellSide * 4, kMinimumCellSide * 3);
    return SweepGridLayout::minimumArea(metrics, kMinimumCellSide);
}

QSize SweepGridWidget::sizeHint() const
{
    return minimumSizeHint() * 3;
}

// "SSIM 0.051", or only "0.051" where the cell is too narrow for the title (it is in the metric box anyway), or
// "0.05" where even that would run into the neighbour's caption (the tooltip has the full value).
QString SweepGridWidget::captionText(int row, int column, int width) const
{
    if (m_model->cell(row, column).isPreview)
        return tr("preview");
    const auto value = m_model->metric(row, column, m_captionMetric);
    if (!value)
        return {};
    const QString number = QString::number(*value, 'f', 3);
    const QString titled = tr("%1 %2").arg(SweepGridModel::metricTitle(m_captionMetric), number);
    for (const QString& text : {titled, number})
        if (fontMetrics().horizontalAdvance(text) <= width)
            return text;
    return QString::number(*value, 'f', 2);
}

QString SweepGridWidget::cellToolTip(int row, int column) const
{
    QString text = tr("Strength %1, γ %2").arg(SweepGridAxis::formatValue(m_model->strengths()[row]),
                                              SweepGridAxis::formatValue(m_model->gammas()[column]));
    const auto& metrics = m_model->cell(row, column).metrics;
    for (auto it = metrics.constBegin(); it != metrics.constEnd(); ++it)
        text += tr(", %1 %2").arg(SweepGridModel::metricTitle(it.key()), QString::number(it.value(), 'f', 3));
    if (m_model->cell(row, column).isPreview)
        return text + QLatin1Char('\n') + tr("Preview: the full-size cell is on its way");
    if (m_model->cell(row, column).isReady())
        return text + QLatin1Char('\n') + tr("Click to show it in the comparison view");
    return text + QLatin1Char('\n') + tr("Not generated yet");
}

void SweepGridWidget::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.fillRect(rect(), palette().base());
    if (!m_model || m_model->rowCount() == 0) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap,
                         tr("Enter strengths and gammas, then press Run to fill the grid."));
        return;
    }
    if (m_layout.isEmpty()) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, tr("Enlarge the panel to see the grid."));
        return;
    }
    paintLabels(painter);
    if (!m_input.isNull())
        painter.drawImage(m_layout.inputRect(), m_input);
    for (int r = 0; r < m_model->rowCount(); ++r)
        for (int c = 0; c < m_model->columnCount(); ++c)
            paintCell(painter, r, c);
}

void SweepGridWidget::paintLabels(QPainter& painter) const
{
    painter.setPen(palette().color(QPalette::Text));
    painter.setFont(titleFont(font()));
    painter.drawText(m_layout.columnTitleRect(), Qt::AlignCenter, tr("TAC ratio γ"));
    const QRect rowTitle = m_layout.rowTitleRect();
    painter.save();
    painter.translate(rowTitle.center());
    painter.rotate(-90);
    painter.drawText(QRect(-rowTitle.height() / 2, -rowTitle.width() / 2, rowTitle.height(), rowTitle.width()),
                     Qt::AlignCenter, tr("Denoising strength"));
    painter.restore();
    painter.setFont(font());
    if (!m_input.isNull())
        painter.drawText(m_layout.inputLabelRect(), Qt::AlignCenter, tr("Input"));
    for (int r = 0; r < m_model->rowCount(); ++r)
        painter.drawText(m_layout.rowLabelRect(r), Qt::AlignRight | Qt::AlignVCenter,
                         SweepGridAxis::formatValue(m_model->strengths()[r]));
    for (int c = 0; c < m_model->columnCount(); ++c)
        painter.drawText(m_layout.columnLabelRect(c), Qt::AlignCenter, SweepGridAxis::formatValue(m_model->gammas()[c]));
}

void SweepGridWidget::paintCell(QPainter& painter, int row, int column) const
{
    const QRect cell = m_layout.cellRect(row, column);
    const SweepGridModel::Cell& data = m_model->cell(row, column);
    if (data.isPreview) {
        paintPreviewCell(painter, cell, data.preview);
    } else if (data.isReady()) {
        painter.drawImage(cell, data.preview);
    } else {
        painter.fillRect(cell, palette().alternateBase());
        painter.setPen(palette().color(QPalette::Mid));
        painter.drawRect(cell.adjusted(0, 0, -1, -1));
        if (m_running)
            paintSpinner(painter, cell);
    }
    if (!m_captionMetric.isEmpty()) {
        painter.setPen(palette().color(QPalette::Text));
        const QRect caption = m_layout.captionRect(row, column);
        painter.drawText(caption, Qt::AlignCenter, captionText(row, column, caption.width()));
    }
}

// Dimmed, with a tag in the corner where it fits (the caption says it too): a preview never passes for a final cell.
void SweepGridWidget::paintPreviewCell(QPainter& painter, const QRect& cell, const QImage& image) const
{
    painter.save();
    painter.setOpacity(0.55);
    painter.drawImage(cell, image);
    painter.setOpacity(1.0);
    const QString tag = tr("preview");
    const QRect box(cell.topLeft() + QPoint(3, 3), fontMetrics().size(Qt::TextSingleLine, tag) + QSize(8, 2));
    if (cell.contains(box)) {
        painter.fillRect(box, QColor(200, 120, 0, 220));
        painter.setPen(Qt::white);
        painter.drawText(box, Qt::AlignCenter, tag);
    }
    painter.restore();
}

void SweepGridWidget::paintSpinner(QPainter& painter, const QRect& cell) const
{
    const int side = std::clamp(std::min(cell.width(), cell.height()) / 4, 8, 48);
    const QRect box(cell.center() - QPoint(side / 2, side / 2), QSize(side, side));
    QPen pen(palette().color(QPalette::Highlight), std::max(2, side / 8), Qt::SolidLine, Qt::RoundCap);
    painter.setPen(pen);
    // Qt angles are in 1/16 degree, counter-clockwise: a 270-degree arc turning clockwise.
    painter.drawArc(box, -m_spinnerAngle * 16, 270 * 16);
}

void SweepGridWidget::resizeEvent(QResizeEvent*)
{
    relayout();
}

void SweepGridWidget::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange)
        relayout();
    QWidget::changeEvent(event);
}

void SweepGridWidget::mouseMoveEvent(QMouseEvent* event)
{
    const auto hit = m_layout.hitTest(event->position().toPoint());
    const bool clickable = hit && m_model && m_model->cell(hit->row, hit->column).isFinal();
    setCursor(clickable ? Qt::PointingHandCursor : Qt::ArrowCursor);
}

void SweepGridWidget::mouseReleaseEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton || !m_model)
        return;
    const auto hit = m_layout.hitTest(event->position().toPoint());
    if (hit && m_model->cell(hit->row, hit->column).isFinal())
        Q_EMIT cellActivated(hit->row, hit->column);
}

bool SweepGridWidget::event(QEvent* event)
{
    if (event->type() == QEvent::ToolTip && m_model) {
        auto* help = static_cast<QHelpEvent*>(event);
        const auto hit = m_layout.hitTest(help->pos());
        if (hit) {
            QToolTip::showText(help->globalPos(), cellToolTip(hit->row, hit->column), this);
            return true;
        }
    }
    return QWidget::event(event);
}

} // namespace fr2r::ui

#include "moc_SweepGridWidget.cpp"
