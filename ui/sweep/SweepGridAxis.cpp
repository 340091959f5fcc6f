#include "ui/sweep/SweepGridAxis.h"

#include <QRegularExpression>
#include <QStringList>

#include <cmath>

namespace fr2r::ui {

namespace {

// Two values closer than this are the same grid line (lists are typed with two decimals).
constexpr double kSameValue = 1e-9;

} // namespace

SweepGridAxis::SweepGridAxis(const QString& name, double minimum, double maximum, bool minimumExclusive, int maxCount)
    : m_name(name)
    , m_minimum(minimum)
    , m_maximum(maximum)
    , m_minimumExclusive(minimumExclusive)
    , m_maxCount(maxCount)
{
}

SweepGridAxis SweepGridAxis::strengths()
{
    return SweepGridAxis(tr("Strengths"), 0.0, 1.0, true, 12);
}

SweepGridAxis SweepGridAxis::gammas()
{
    return SweepGridAxis(tr("Gammas"), 0.0, 1.0, false, 12);
}

std::optional<QVector<double>> SweepGridAxis::parse(const QString& text, QString* error) const
{
    const QString example = tr("Write numbers separated by commas, for example 0.3, 0.5, 0.7.");
    const QStringList parts = text.split(QRegularExpression(QStringLiteral("[,;\\s]+")), Qt::SkipEmptyParts);
    if (parts.isEmpty()) {
        *error = tr("%1: the list is empty. %2").arg(m_name, example);
        return std::nullopt;
    }
    if (parts.size() > m_maxCount) {
        *error = tr("%1: %2 values are too many for one sweep; use at most %3.").arg(m_name).arg(parts.size()).arg(m_maxCount);
        return std::nullopt;
    }
    QVector<double> values;
    for (const QString& part : parts) {
        bool ok = false;
        const double value = part.toDouble(&ok);
        if (!ok || !std::isfinite(value)) {
            *error = tr("%1: “%2” is not a number. %3").arg(m_name, part, example);
            return std::nullopt;
        }
        const bool belowMinimum = m_minimumExclusive ? value <= m_minimum : value < m_minimum;
        if (belowMinimum || value > m_maximum) {
            const QString range = m_minimumExclusive ? tr("greater than %1 and at most %2") : tr("from %1 to %2");
            *error = tr("%1: %2 is out of range; use values %3.")
                         .arg(m_name, part, range.arg(formatValue(m_minimum), formatValue(m_maximum)));
            return std::nullopt;
        }
        for (double previous : values) {
            if (std::abs(previous - value) < kSameValue) {
                *error = tr("%1: %2 appears twice; each value makes one grid line.").arg(m_name, part);
                return std::nullopt;
            }
        }
        values.push_back(value);
    }
    error->clear();
    return values;
}

QString SweepGridAxis::format(const QVector<double>& values)
{
    QStringList parts;
    for (double value : values)
        parts.push_back(formatValue(value));
    return parts.join(QStringLiteral(", "));
}

QString SweepGridAxis::formatValue(double value)
{
    return QString::number(value, 'g', 6);
}

} // namespace fr2r::ui
