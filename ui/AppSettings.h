#pragma once

#include "core/diffusion/EngineSettings.h"
#include "core/diffusion/RigParams.h"

#include <QByteArray>
#include <QSettings>
#include <QString>
#include <QStringList>

namespace fr2r::ui {

// Every persisted key in one place, over QSettings (organisation/application set by main()).
class AppSettings
{
public:
    static constexpr int kMaxRecentModels = 8;

    AppSettings() = default;

    fr2r::core::EngineSettings engineSettings() const;
    void setEngineSettings(const fr2r::core::EngineSettings& settings); // also records a recent model
    bool hasModel() const;

    QStringList recentModels() const;
    QString language() const; // "" = system locale
    void setLanguage(const QString& language);

    fr2r::core::RigParams lastParams() const;
    void setLastParams(const fr2r::core::RigParams& params);

    QByteArray windowGeometry() const;
    QByteArray windowState() const;
    void setWindowLayout(const QByteArray& geometry, const QByteArray& state);

    QString lastDirectory(const QString& purpose) const;
    void setLastDirectory(const QString& purpose, const QString& directory);

    static QString deviceName(fr2r::core::DeviceChoice device);
    static QString precisionName(fr2r::core::PrecisionChoice precision);

private:
    mutable QSettings m_settings;
};

} // namespace fr2r::ui
