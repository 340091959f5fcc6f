#include "core/api/Error.h"
#include "core/api/Sha256.h"

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using fr2r::core::Sha256;

class TestSha256 : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fipsVectors_data();
    void fipsVectors();
    void splitUpdatesMatchOneUpdate();
    void hashesFilesAcrossBlocks();
    void missingFileThrows();
};

void TestSha256::fipsVectors_data()
{
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<QString>("digest");
    QTest::newRow("abc") << QByteArray("abc")
                         << "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    QTest::newRow("empty") << QByteArray("")
                           << "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    QTest::newRow("448 bits") << QByteArray("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                              << "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
    QTest::newRow("million a") << QByteArray(1000000, 'a')
                               << "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
}

void TestSha256::fipsVectors()
{
    QFETCH(QByteArray, message);
    QFETCH(QString, digest);
    Sha256 hash;
    hash.update(message.constData(), size_t(message.size()));
    QCOMPARE(QString::fromStdString(hash.hexDigest()), digest);
}

void TestSha256::splitUpdatesMatchOneUpdate()
{
    const std::string message(1000, 'x');
    Sha256 whole;
    whole.update(message);
    // Piece sizes that cross the 64-byte block boundary at every offset.
    Sha256 pieces;
    size_t offset = 0;
    for (size_t piece = 1; offset < message.size(); ++piece) {
        const size_t take = std::min(piece, message.size() - offset);
        pieces.update(message.data() + offset, take);
        offset += take;
    }
    QCOMPARE(pieces.hexDigest(), whole.hexDigest());
}

void TestSha256::hashesFilesAcrossBlocks()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath("three_mib.bin").toStdString();
    const std::string content((size_t(3) << 20) + 17, 'a');
    std::ofstream(path, std::ios::binary).write(content.data(), std::streamsize(content.size()));
    Sha256 expected;
    expected.update(content);
    QCOMPARE(fr2r::core::sha256File(path), expected.hexDigest());

    const std::string emptyPath = dir.filePath("empty.bin").toStdString();
    std::ofstream(emptyPath, std::ios::binary).close();
    QCOMPARE(fr2r::core::sha256File(emptyPath),
             std::string("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
}

void TestSha256::missingFileThrows()
{
    QVERIFY_THROWS_EXCEPTION(fr2r::Error, fr2r::core::sha256File("/nonexistent/model.safetensors"));
}

QTEST_GUILESS_MAIN(TestSha256)
#include "TestSha256.moc"
