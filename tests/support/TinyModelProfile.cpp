#include "support/TinyModelProfile.h"

#include "TestConfig.h"
#include "ui/AppSettings.h"

#include <QCoreApplication>
#include <QSettings>

namespace fr2r::test {

core::EngineSettings tinyModelSettings(bool withNegativeEmbedding)
{
    core::EngineSettings engine;
    engine.modelPath = FR2R_GOLDEN_DIR "/tiny/model";
    if (withNegativeEmbedding)
        engine.negativeEmbeddingPath = FR2R_GOLDEN_DIR "/tiny/negative_embedding.safetensors";
    engine.device = core::DeviceChoice::Cpu;
    engine.precision = core::PrecisionChoice::Fp32;
    return engine;
}

void useTinyModelProfile(const QString& applicationName, const QString& configFolder,
                         const core::EngineSettings& engine, const core::RigParams& params)
{
    QCoreApplication::setOrganizationName(QStringLiteral("FashionR2R-Test"));
    QCoreApplication::setApplicationName(applicationName);
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, configFolder);
    ui::AppSettings settings;
    settings.setEngineSettings(engine);
    settings.setLastParams(params);
}

} // namespace fr2r::test
