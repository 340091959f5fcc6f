#include "ui/AppSettings.h"

#include "core/api/Error.h"
#include "core/api/RigMetadata.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace fr2r::ui {
namespace {

const QString kModelPath = QStringLiteral("model/path");
const QString kNegativeEmbedding = QStringLiteral("model/negativeEmbedding");
const QString kPack = QStringLiteral("model/pack");
const QString kLoras = QStringLiteral("model/loras");
const QString kLoraPath = QStringLiteral("path");
const QString kLoraMultiplier = QStringLiteral("multiplier");
const QString kLegacyLoraPath = QStringLiteral("model/lora"); // one LoRA, as versions before the list saved it
const QString kLegacyLoraMultiplier = QStringLiteral("model/loraMultiplier");
const QString kDevice = QStringLiteral("model/device");
const QString kPrecision = QStringLiteral("model/precision");
const QString kRecentModels = QStringLiteral("model/recent");
const QString kLanguage = QStringLiteral("ui/language");
const QString kImageBudget = QStringLiteral("images/maxMegapixels");
const QString kPreviewAfter = QStringLiteral("preview/afterSeconds");
const QString kPreviewSide = QStringLiteral("preview/longSide");
const QString kLastParams = QStringLiteral("params/last");
const QString kGeometry = QStringLiteral("window/geometry");
const QString kState = QStringLiteral("window/state");
const QString kTraining = QStringLiteral("training/");

// A stage's settings saved as JSON; the defaults when it is absent or unreadable.
fr2r::core::TrainingSettings stageFromText(const QString& text, const fr2r::core::TrainingSettings& defaults)
{
    try {
        fr2r::core::TrainingSettings settings = fr2r::core::TrainingSettings::fromJson(nlohmann::json::parse(text.toStdString()));
        settings.stage = defaults.stage;
        settings.validate();
        return settings;
    } catch (const std::exception&) {
        return defaults;
    }
}

} // namespace

fr2r::core::EngineSettings AppSettings::engineSettings() const
{
    fr2r::core::EngineSettings settings;
    settings.modelPath = m_settings.value(kModelPath).toString().toStdString();
    settings.negativeEmbeddingPath = m_settings.value(kNegativeEmbedding).toString().toStdString();
    settings.packPath = m_settings.value(kPack).toString().toStdString();
    settings.loras = loras();
    // A hand-edited or outdated value falls back to Auto rather than blocking the start.
    try {
        settings.device = fr2r::core::parseDeviceChoice(m_settings.value(kDevice, "auto").toString().toStdString());
        settings.precision =
            fr2r::core::parsePrecisionChoice(m_settings.value(kPrecision, "auto").toString().toStdString());
    } catch (const fr2r::Error&) {
        settings.device = fr2r::core::DeviceChoice::Auto;
        settings.precision = fr2r::core::PrecisionChoice::Auto;
    }
    return settings;
}

void AppSettings::setEngineSettings(const fr2r::core::EngineSettings& settings)
{
    const QString model = QString::fromStdString(settings.modelPath);
    m_settings.setValue(kModelPath, model);
    m_settings.setValue(kNegativeEmbedding, QString::fromStdString(settings.negativeEmbeddingPath));
    m_settings.setValue(kPack, QString::fromStdString(settings.packPath));
    setLoras(settings.loras);
    m_settings.setValue(kDevice, deviceName(settings.device));
    m_settings.setValue(kPrecision, precisionName(settings.precision));
    if (model.isEmpty())
        return;
    QStringList recent = recentModels();
    recent.removeAll(model);
    recent.prepend(model);
    m_settings.setValue(kRecentModels, recent.mid(0, kMaxRecentModels));
}

std::vector<fr2r::core::LoraSpec> AppSettings::loras() const
{
    std::vector<fr2r::core::LoraSpec> loras;
    const QString legacy = m_settings.value(kLegacyLoraPath).toString();
    if (!legacy.isEmpty())
        loras.push_back({legacy.toStdString(), m_settings.value(kLegacyLoraMultiplier, 1.0).toDouble()});
    const int count = m_settings.beginReadArray(kLoras);
    for (int i = 0; i < count; ++i) {
        m_settings.setArrayIndex(i);
        const QString path = m_settings.value(kLoraPath).toString();
        if (!path.isEmpty())
            loras.push_back({path.toStdString(), m_settings.value(kLoraMultiplier, 1.0).toDouble()});
    }
    m_settings.endArray();
    return loras;
}

void AppSettings::setLoras(const std::vector<fr2r::core::LoraSpec>& loras)
{
    m_settings.remove(kLegacyLoraPath);
    m_settings.remove(kLegacyLoraMultiplier);
    m_settings.remove(kLoras); // a shorter list must not keep the old tail
    m_settings.beginWriteArray(kLoras, static_cast<int>(loras.size()));
    for (size_t i = 0; i < loras.size(); ++i) {
        m_settings.setArrayIndex(static_cast<int>(i));
        m_settings.setValue(kLoraPath, QString::fromStdString(loras[i].path));
        m_settings.setValue(kLoraMultiplier, loras[i].multiplier);
    }
    m_settings.endArray();
}

QStringList AppSettings::recentModels() const
{
    return m_settings.value(kRecentModels).toStringList();
}

QString AppSettings::language() const
{
    return m_settings.value(kLanguage).toString();
}

void AppSettings::setLanguage(const QString& language)
{
    m_settings.setValue(kLanguage, language);
}

int AppSettings::maxMegapixels() const
{
    const int saved = m_settings.value(kImageBudget, static_cast<int>(fr2r::imaging::ReadOptions::kDefaultMaxPixels
                                                                        / 1'000'000)).toInt();
    return std::clamp(saved, kMinMegapixels, kMaxMegapixels);
}

void AppSettings::setMaxMegapixels(int megapixels)
{
    m_settings.setValue(kImageBudget, std::clamp(megapixels, kMinMegapixels, kMaxMegapixels));
}

double AppSettings::previewAfterSeconds() const
{
    return std::max(0.0, m_settings.value(kPreviewAfter, kDefaultPreviewAfterSeconds).toDouble());
}

void AppSettings::setPreviewAfterSeconds(double seconds)
{
    m_settings.setValue(kPreviewAfter, std::max(0.0, seconds));
}

int AppSettings::previewSide() const
{
    return std::clamp(m_settings.value(kPreviewSide, kDefaultPreviewSide).toInt(), kMinPreviewSide, kMaxPreviewSide);
}

void AppSettings::setPreviewSide(int longSide)
{
    m_settings.setValue(kPreviewSide, std::clamp(longSide, kMinPreviewSide, kMaxPreviewSide));
}

fr2r::imaging::ReadOptions AppSettings::imageReadOptions() const
{
    fr2r::imaging::ReadOptions options;
    options.maxPixels = static_cast<int64_t>(maxMegapixels()) * 1'000'000;
    options.limitSetting = tr("File > Settings > Largest image").toStdString();
    return options;
}

fr2r::core::RigParams AppSettings::lastParams() const
{
    const QString json = m_settings.value(kLastParams).toString();
    if (json.isEmpty())
        return {};
    try {
        return fr2r::core::paramsFromJson(json.toStdString());
    } catch (const fr2r::Error&) {
        return {}; // an unreadable entry just means the defaults
    }
}

void AppSettings::setLastParams(const fr2r::core::RigParams& params)
{
    m_settings.setValue(kLastParams, QString::fromStdString(fr2r::core::settingsJson(params, {})));
}

QByteArray AppSettings::windowGeometry() const
{
    return m_settings.value(kGeometry).toByteArray();
}

QByteArray AppSettings::windowState() const
{
    return m_settings.value(kState).toByteArray();
}

void AppSettings::setWindowLayout(const QByteArray& geometry, const QByteArray& state)
{
    m_settings.setValue(kGeometry, geometry);
    m_settings.setValue(kState, state);
}

TrainingChoices AppSettings::lastTraining() const
{
    TrainingChoices choices;
    choices.baseModel = m_settings.value(kTraining + QStringLiteral("baseModel")).toString();
    choices.realFolder = m_settings.value(kTraining + QStringLiteral("real")).toString();
    choices.renderedFolder = m_settings.value(kTraining + QStringLiteral("rendered")).toString();
    choices.packFolder = m_settings.value(kTraining + QStringLiteral("pack")).toString();
    choices.lora = stageFromText(m_settings.value(kTraining + QStringLiteral("lora")).toString(), choices.lora);
    choices.embedding = stageFromText(m_settings.value(kTraining + QStringLiteral("embedding")).toString(), choices.embedding);
    choices.previewRender = m_settings.value(kTraining + QStringLiteral("previewRender")).toString();
    choices.previewEvery = m_settings.value(kTraining + QStringLiteral("previewEvery"), choices.previewEvery).toInt();
    return choices;
}

void AppSettings::setLastTraining(const TrainingChoices& choices)
{
    m_settings.setValue(kTraining + QStringLiteral("baseModel"), choices.baseModel);
    m_settings.setValue(kTraining + QStringLiteral("real"), choices.realFolder);
    m_settings.setValue(kTraining + QStringLiteral("rendered"), choices.renderedFolder);
    m_settings.setValue(kTraining + QStringLiteral("pack"), choices.packFolder);
    m_settings.setValue(kTraining + QStringLiteral("lora"), QString::fromStdString(choices.lora.toJson().dump()));
    m_settings.setValue(kTraining + QStringLiteral("embedding"), QString::fromStdString(choices.embedding.toJson().dump()));
    m_settings.setValue(kTraining + QStringLiteral("previewRender"), choices.previewRender);
    m_settings.setValue(kTraining + QStringLiteral("previewEvery"), choices.previewEvery);
}

QString AppSettings::lastDirectory(const QString& purpose) const
{
    return m_settings.value(QStringLiteral("directories/") + purpose).toString();
}

void AppSettings::setLastDirectory(const QString& purpose, const QString& directory)
{
    m_settings.setValue(QStringLiteral("directories/") + purpose, directory);
}

QString AppSettings::deviceName(fr2r::core::DeviceChoice device)
{
    switch (device) {
    case fr2r::core::DeviceChoice::Cpu:
        return QStringLiteral("cpu");
    case fr2r::core::DeviceChoice::Cuda:
        return QStringLiteral("cuda");
    case fr2r::core::DeviceChoice::Auto:
        break;
    }
    return QStringLiteral("auto");
}

QString AppSettings::precisionName(fr2r::core::PrecisionChoice precision)
{
    switch (precision) {
    case fr2r::core::PrecisionChoice::Fp32:
        return QStringLiteral("fp32");
    case fr2r::core::PrecisionChoice::Fp16:
        return QStringLiteral("fp16");
    case fr2r::core::PrecisionChoice::Bf16:
        return QStringLiteral("bf16");
    case fr2r::core::PrecisionChoice::Auto:
        break;
    }
    return QStringLiteral("auto");
}

} // namespace fr2r::ui
