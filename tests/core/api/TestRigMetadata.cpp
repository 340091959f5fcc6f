#include "core/api/RigMetadata.h"

#include <QtTest>

#include <nlohmann/json.hpp>

using namespace fr2r::core;

class TestRigMetadata : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fileNamesEscapeLosslessly_data();
    void fileNamesEscapeLosslessly();
    void invalidUtf8StillGivesValidText();
};

void TestRigMetadata::fileNamesEscapeLosslessly_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QByteArray>("escaped");
    QTest::newRow("plain") << QByteArray("renders/a.png") << QByteArray("renders/a.png");
    QTest::newRow("utf-8") << QByteArray("robe-\xc3\xa9t\xc3\xa9.png") << QByteArray("robe-\xc3\xa9t\xc3\xa9.png");
    QTest::newRow("latin-1") << QByteArray("caf\xe9.png") << QByteArray("caf%E9.png");
    QTest::newRow("percent") << QByteArray("50%.png") << QByteArray("50%25.png");
    QTest::newRow("truncated") << QByteArray("a\xe2\x82.png") << QByteArray("a%E2%82.png");
}

void TestRigMetadata::fileNamesEscapeLosslessly()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QByteArray, escaped);
    QCOMPARE(QByteArray::fromStdString(escapeFileName(bytes.toStdString())), escaped);
    QCOMPARE(QByteArray::fromStdString(unescapeFileName(escaped.toStdString())), bytes);
}

void TestRigMetadata::invalidUtf8StillGivesValidText()
{
    RigParams params;
    params.positivePrompt = "robe \xff";
    RigMetadata metadata;
    metadata.modelName = "mod\xe8le";
    metadata.sourceFile = "/renders/caf\xe9.png";
    metadata.sourceSha256 = "abc123";
    const std::string json = settingsJson(params, metadata); // threw nlohmann's type_error 316
    const auto document = nlohmann::json::parse(json);
    QCOMPARE(document.at("source").get<std::string>(), std::string("/renders/caf\xef\xbf\xbd.png"));
    QCOMPARE(unescapeFileName(document.at("source_escaped").get<std::string>()), metadata.sourceFile);
    QCOMPARE(sourceHashFromJson(json), std::string("abc123"));
    QCOMPARE(sourceHashFromJson("not json"), std::string());
    const std::string parameters = a1111Parameters(params, metadata);
    QCOMPARE(QString::fromStdString(parameters).toStdString(), parameters); // only valid UTF-8 survives this
    QVERIFY(QString::fromStdString(parameters).contains(QStringLiteral("mod\uFFFDle")));
}

QTEST_GUILESS_MAIN(TestRigMetadata)
#include "TestRigMetadata.moc"
