#pragma once

#include "core/api/EngineSettings.h"
#include "core/api/RigParams.h"
#include "imaging/ImageFile.h"
#include "ui/training/TrainingChoices.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QSettings>
#include <QString>
#include <QStringList>

namespace fr2r::ui {

// Every persisted key in one place, over QSettings (organisation/application set by main()).
class AppSettings
{
    Q_DECLARE_TR_FUNCTIONS(fr2r::ui::AppSettings)

public:
    static constexpr int kMaxRecentModels = 8;
    static constexpr int kMinMegapixels = 1;
    static constexpr int kMaxMegapixels = 1000; // OpenCV refuses more than 1073.7 MP anyway

    AppSettings() = default;

    fr2r::core::EngineSettings engineSettings() const;
    void setEngineSettings(const fr2r::core::EngineSettings& settings); // also records a recent model

    QStringList recentModels() const;
    QString language() const; // "" = system locale
    void setLanguage(const QString& language);

    // The pixel budget of every image decode in the GUI (the largest image it opens), in megapixels.
    int maxMegapixels() const;
    void setMaxMegapixels(int megapixels);
    fr2r::imaging::ReadOptions imageReadOptions() const;

    // Progressive preview: a run estimated to take longer than previewAfterSeconds (0: never) shows a run at
    // previewSide (long side) first.
    static constexpr double kDefaultPreviewAfterSeconds = 10.0;
    static constexpr int kDefaultPreviewSide = 384;
    static constexpr int kMinPreviewSide = 64;
    static constexpr int kMaxPreviewSide = 2048;
    double previewAfterSeconds() const;
    void setPreviewAfterSeconds(double seconds);
    int previewSide() const;
    void setPreviewSide(int longSide);

    fr2r::core::RigParams lastParams() const;
    void setLastParams(const fr2r::core::RigParams& params);

    QByteArray windowGeometry() const;
    QByteArray windowState() const;
    void setWindowLayout(const QByteArray& geometry, const QByteArray& state);

    // Tools > Train domain pack: the last run's folders and settings.
    TrainingChoices lastTraining() const;
    void setLastTraining(const TrainingChoices& choices);

    QString lastDirectory(const QString& purpose) const;
    void setLastDirectory(const QString& purpose, const QString& directory);

    static QString deviceName(fr2r::core::DeviceChoice device);
    static QString precisionName(fr2r::core::PrecisionChoice precision);

private:
    std::vector<fr2r::core::LoraSpec> loras() const;
    void setLoras(const std::vector<fr2r::core::LoraSpec>& loras);

    mutable QSettings m_settings;
};

} // namespace fr2r::ui
