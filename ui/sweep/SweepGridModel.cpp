#include "ui/sweep/SweepGridModel.h"

#include "ui/ImageConversion.h"

#include <QSet>

#include <algorithm>
#include <cmath>

namespace fr2r::ui {

namespace {

// Previews stay small so that repainting a 6x4 grid never scales megapixel images.
constexpr int kPreviewSide = 512;
// The engine echoes back the values it was given; anything closer than this is the same point.
constexpr double kSameValue = 1e-9;

} // namespace

const QString SweepGridModel::Ssim = QStringLiteral("ssim");
const QString SweepGridModel::Lpips = QStringLiteral("lpips");

SweepGridModel::SweepGridModel(QObject* parent)
    : QObject(parent)
{
}

QString SweepGridModel::metricTitle(const QString& name)
{
    return name.toUpper();
}

void SweepGridModel::reset(const QVector<double>& strengths, const QVector<double>& gammas)
{
    m_strengths = strengths;
    m_gammas = gammas;
    m_cells = QVector<Cell>(strengths.size() * gammas.size());
    Q_EMIT gridReset();
}

int SweepGridModel::indexOf(const QVector<double>& values, double value)
{
    for (int i = 0; i < values.size(); ++i) {
        if (std::abs(values[i] - value) < kSameValue)
            return i;
    }
    return -1;
}

int SweepGridModel::rowOf(double strength) const
{
    return indexOf(m_strengths, strength);
}

int SweepGridModel::columnOf(double gamma) const
{
    return indexOf(m_gammas, gamma);
}

bool SweepGridModel::contains(int row, int column) const
{
    return row >= 0 && row < rowCount() && column >= 0 && column < columnCount();
}

const SweepGridModel::Cell& SweepGridModel::cell(int row, int column) const
{
    return m_cells[row * columnCount() + column];
}

bool SweepGridModel::setImage(double strength, double gamma, const fr2r::ImageBuffer& image, bool isPreview)
{
    const int row = rowOf(strength);
    const int column = columnOf(gamma);
    if (row < 0 || column < 0 || image.isNull())
        return false;
    Cell& target = m_cells[row * columnCount() + column];
    if (isPreview && target.isFinal())
        return false;
    target.image = image;
    target.isPreview = isPreview;
    target.preview = ImageConversion::toQImage(image);
    if (target.preview.width() > kPreviewSide || target.preview.height() > kPreviewSide)
        target.preview = target.preview.scaled(kPreviewSide, kPreviewSide, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    target.metrics.clear();
    Q_EMIT cellChanged(row, column);
    return true;
}

void SweepGridModel::setMetric(int row, int column, const QString& name, double value)
{
    if (!contains(row, column))
        return;
    m_cells[row * columnCount() + column].metrics.insert(name, value);
    Q_EMIT metricChanged(row, column, name);
}

std::optional<double> SweepGridModel::metric(int row, int column, const QString& name) const
{
    if (!contains(row, column))
        return std::nullopt;
    const auto& metrics = cell(row, column).metrics;
    const auto found = metrics.constFind(name);
    if (found == metrics.constEnd())
        return std::nullopt;
    return found.value();
}

QStringList SweepGridModel::metricNames() const
{
    QSet<QString> names;
    for (const Cell& c : m_cells) {
        for (auto it = c.metrics.constBegin(); it != c.metrics.constEnd(); ++it)
            names.insert(it.key());
    }
    QStringList sorted(names.begin(), names.end());
    sorted.sort();
    return sorted;
}

QSize SweepGridModel::resultSize() const
{
    const auto found = std::find_if(m_cells.begin(), m_cells.end(), [](const Cell& c) { return c.isFinal(); });
    const auto ready = std::find_if(m_cells.begin(), m_cells.end(), [](const Cell& c) { return c.isReady(); });
    const auto chosen = found != m_cells.end() ? found : ready;
    return chosen == m_cells.end() ? QSize() : QSize(chosen->image.width, chosen->image.height);
}

int SweepGridModel::finalCount() const
{
    return static_cast<int>(std::count_if(m_cells.begin(), m_cells.end(), [](const Cell& c) { return c.isFinal(); }));
}

int SweepGridModel::readyCount() const
{
    int count = 0;
    for (const Cell& c : m_cells)
        count += c.isReady() ? 1 : 0;
    return count;
}

} // namespace fr2r::ui

#include "moc_SweepGridModel.cpp"
