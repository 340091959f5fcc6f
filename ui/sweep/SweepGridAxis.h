#pragma once

#include <QCoreApplication>
#include <QString>
#include <QVector>

#include <optional>

namespace fr2r::ui {

// One axis of a sweep (the strengths or the gammas): parses and formats the comma-separated
// lists the user types, with a message that says what is wrong and how to write it instead.
class SweepGridAxis
{
    Q_DECLARE_TR_FUNCTIONS(SweepGridAxis)

public:
    // Accepted values lie in [minimum, maximum], or (minimum, maximum] when minimumExclusive.
    SweepGridAxis(const QString& name, double minimum, double maximum, bool minimumExclusive, int maxCount);

    static SweepGridAxis strengths();
    static SweepGridAxis gammas();

    // Values in the order typed; std::nullopt with *error set when the text is not a valid list.
    std::optional<QVector<double>> parse(const QString& text, QString* error) const;
    static QString format(const QVector<double>& values);
    static QString formatValue(double value);

private:
    QString m_name;
    double m_minimum;
    double m_maximum;
    bool m_minimumExclusive;
    int m_maxCount;
};

} // namespace fr2r::ui
