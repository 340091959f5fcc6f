#include "ui/ModelLoadFailure.h"

#include <QtTest>

using fr2r::ui::modelLoadFailureText;

// A failed load names the setting that holds the file the core's message names.
class TestModelLoadFailure : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void namesTheSettingOfTheFailingFile_data();
    void namesTheSettingOfTheFailingFile();
};

void TestModelLoadFailure::namesTheSettingOfTheFailingFile_data()
{
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("setting");
    QTest::newRow("embedding") << "/data/neg.safetensors: missing tensor" << "negative embedding";
    QTest::newRow("lora") << "/data/style.safetensors: bad shape" << "LoRA";
    QTest::newRow("pack") << "/data/pack/pack.json: not JSON" << "domain pack";
    QTest::newRow("base model") << "/data/sd15/unet: missing tensor" << "base model";
}

void TestModelLoadFailure::namesTheSettingOfTheFailingFile()
{
    QFETCH(QString, message);
    QFETCH(QString, setting);
    fr2r::core::EngineSettings settings;
    settings.modelPath = "/data/sd15";
    settings.negativeEmbeddingPath = "/data/neg.safetensors";
    settings.loras = {{"/data/style.safetensors", 0.8}};
    settings.packPath = "/data/pack";
    const QString text = modelLoadFailureText(message, settings);
    QVERIFY2(text.startsWith(QStringLiteral("The ") + setting + QStringLiteral(" could not be loaded")),
             qPrintable(text));
}

QTEST_GUILESS_MAIN(TestModelLoadFailure)
#include "TestModelLoadFailure.moc"
