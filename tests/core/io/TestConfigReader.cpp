#include "core/api/Error.h"
#include "core/io/ConfigReader.h"

#include <QtTest>

#include <string>
#include <vector>

using fr2r::core::ConfigReader;

class TestConfigReader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void absentAndNullKeysKeepDefaults();
    void wrongTypeNamesFileAndKey();
    void refusesNonObjects();
};

void TestConfigReader::absentAndNullKeysKeepDefaults()
{
    const auto json = nlohmann::json::parse(R"({"layers": 3, "scale": null, "channels": [1, 2]})");
    const ConfigReader reader(json, "x config.json");
    int layers = 1, missing = 7;
    double scale = 0.5;
    std::vector<int> channels;
    reader.read("layers", layers);
    reader.read("missing", missing);
    reader.read("scale", scale);
    reader.read("channels", channels);
    QCOMPARE(layers, 3);
    QCOMPARE(missing, 7);
    QCOMPARE(scale, 0.5);
    QCOMPARE(channels, (std::vector<int>{1, 2}));
    QVERIFY(!reader.has("scale"));
    QCOMPARE(reader.get("act", std::string("silu")), std::string("silu"));
}

void TestConfigReader::wrongTypeNamesFileAndKey()
{
    const auto json = nlohmann::json::parse(R"({"layers": "two"})");
    const ConfigReader reader(json, "x config.json");
    int layers = 1;
    try {
        reader.read("layers", layers);
        QFAIL("a string read as an int must throw");
    } catch (const fr2r::ModelFormatError& error) {
        const QString message = QString::fromUtf8(error.what());
        QVERIFY2(message.startsWith(QStringLiteral("x config.json: 'layers' has the wrong type")), qPrintable(message));
    }
    QCOMPARE(layers, 1);
}

void TestConfigReader::refusesNonObjects()
{
    const auto array = nlohmann::json::parse("[1, 2]");
    QVERIFY_THROWS_EXCEPTION(fr2r::ModelFormatError, ConfigReader(array, "x config.json"));
}

QTEST_APPLESS_MAIN(TestConfigReader)
#include "TestConfigReader.moc"
