// TrainingSettings' JSON: the memory and speed switches round-trip, and settings written before them still read.
#include "core/api/TrainingSettings.h"

#include <QtTest>

#include <nlohmann/json.hpp>

using fr2r::core::TrainingSettings;

class TestTrainingSettings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void switchesRoundTrip();
    void jsonWithoutSwitchesKeepsTheDefaults();
};

void TestTrainingSettings::switchesRoundTrip()
{
    TrainingSettings settings;
    settings.gradientCheckpointing = true;
    settings.cacheLatents = false;
    const TrainingSettings read = TrainingSettings::fromJson(settings.toJson());
    QVERIFY(read.gradientCheckpointing);
    QVERIFY(!read.cacheLatents);
}

void TestTrainingSettings::jsonWithoutSwitchesKeepsTheDefaults()
{
    TrainingSettings settings;
    settings.gradientCheckpointing = true;
    settings.cacheLatents = false;
    nlohmann::json json = settings.toJson();
    json.erase("gradient_checkpointing");
    json.erase("cache_latents");
    const TrainingSettings read = TrainingSettings::fromJson(json);
    QVERIFY(!read.gradientCheckpointing);
    QVERIFY(read.cacheLatents);
}

QTEST_GUILESS_MAIN(TestTrainingSettings)
#include "TestTrainingSettings.moc"
