#include "core/api/Error.h"
#include "imaging/ImageFile.h"
#include "imaging/PngWriter.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <opencv2/imgcodecs.hpp>

using fr2r::ImageBuffer;

namespace {

// A small image with a different value in every channel of every pixel.
ImageBuffer gradient(int width, int height)
{
    ImageBuffer image(width, height);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            uint8_t* p = image.row(y) + 3 * x;
            p[0] = uint8_t(x * 7);
            p[1] = uint8_t(y * 11);
            p[2] = uint8_t(x + y * 3);
        }
    return image;
}

QStringList filesIn(const QTemporaryDir& dir)
{
    return QDir(dir.path()).entryList(QDir::Files | QDir::Hidden, QDir::Name); // temporaries are hidden
}

} // namespace

class TestPngWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTripsUtf8TextChunks();
    void staysReadableByOpenCv();
    void rejectsBadKeywordsWithoutWriting();
    void detectsCorruptTextChunks();
    void writesEveryFormat_data();
    void writesEveryFormat();
    void rejectsUnknownFormat();
};

void TestPngWriter::roundTripsUtf8TextChunks()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath(QString::fromUtf8("résultat γ.png")).toStdString();
    const std::vector<std::pair<std::string, std::string>> chunks
        = { { "parameters", "a dress, studio light\nSteps: 20, Denoising strength: 0.3, TAC γ: 0.5" },
            { "fr2r", "{\"prompt\": \"Kleid in Größe 38 — 日本語\"}" },
            { "empty", "" } };
    for (int run = 0; run < 3; ++run) {
        fr2r::imaging::writePng(path, gradient(17, 9), chunks);
        const auto text = fr2r::imaging::readPngText(path);
        QCOMPARE(text.size(), chunks.size());
        for (const auto& [keyword, value] : chunks)
            QCOMPARE(text.at(keyword), value);
    }
    QCOMPARE(filesIn(dir), QStringList { QString::fromUtf8("résultat γ.png") }); // no temporary left
}

void TestPngWriter::staysReadableByOpenCv()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath("plain.png").toStdString();
    const ImageBuffer image = gradient(23, 31);
    fr2r::imaging::writePng(path, image, { { "parameters", "Steps: 20" } });
    const cv::Mat decoded = cv::imread(path, cv::IMREAD_UNCHANGED);
    QCOMPARE(decoded.type(), CV_8UC3);
    QCOMPARE(decoded.cols, 23);
    const cv::Vec3b bgr = decoded.at<cv::Vec3b>(30, 22);
    const uint8_t* rgb = image.row(30) + 3 * 22;
    QCOMPARE(int(bgr[2]), int(rgb[0]));
    QCOMPARE(int(bgr[1]), int(rgb[1]));
    QCOMPARE(int(bgr[0]), int(rgb[2]));
    QCOMPARE(fr2r::imaging::readImage(path).pixels, image.pixels);
}

void TestPngWriter::rejectsBadKeywordsWithoutWriting()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath("bad.png").toStdString();
    for (const std::string& keyword :
         { std::string(), std::string(80, 'k'), std::string("Größe"), std::string("a\nb") })
        QVERIFY_THROWS_EXCEPTION(fr2r::InvalidArgumentError,
                                 fr2r::imaging::writePng(path, gradient(4, 4), { { keyword, "v" } }));
    QVERIFY(filesIn(dir).isEmpty());
}

void TestPngWriter::detectsCorruptTextChunks()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("corrupt.png");
    fr2r::imaging::writePng(path.toStdString(), gradient(8, 8), { { "parameters", "Steps: 20" } });
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadWrite));
    QByteArray bytes = file.readAll();
    const int value = bytes.indexOf("Steps: 20");
    QVERIFY(value > 0);
    bytes[value] = 's';
    file.seek(0);
    file.write(bytes);
    file.close();
    try {
        fr2r::imaging::readPngText(path.toStdString());
        QFAIL("a chunk with a wrong CRC was accepted");
    } catch (const fr2r::Error& e) {
        QVERIFY2(QString(e.what()).startsWith(path) && QString(e.what()).contains("CRC"), e.what());
    }
    QVERIFY_THROWS_EXCEPTION(fr2r::Error, fr2r::imaging::readPngText(dir.filePath("missing.png").toStdString()));
}

void TestPngWriter::writesEveryFormat_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("lossless");
    QTest::newRow("png") << "out.png" << true;
    QTest::newRow("jpeg") << "out.JPG" << false;
    QTest::newRow("webp") << "out.webp" << false;
    QTest::newRow("tiff") << "out.tiff" << true;
    QTest::newRow("bmp") << "out.bmp" << true;
}

void TestPngWriter::writesEveryFormat()
{
    QFETCH(QString, name);
    QFETCH(bool, lossless);
    QTemporaryDir dir;
    const ImageBuffer image = gradient(32, 16);
    fr2r::imaging::writeImage(dir.filePath(name).toStdString(), image);
    QCOMPARE(filesIn(dir), QStringList { name });
    const ImageBuffer back = fr2r::imaging::readImage(dir.filePath(name).toStdString());
    QCOMPARE(back.width, 32);
    QCOMPARE(back.height, 16);
    if (lossless)
        QCOMPARE(back.pixels, image.pixels);
}

void TestPngWriter::rejectsUnknownFormat()
{
    QTemporaryDir dir;
    QVERIFY_THROWS_EXCEPTION(fr2r::InvalidArgumentError,
                             fr2r::imaging::writeImage(dir.filePath("out.gif").toStdString(), gradient(4, 4)));
    QVERIFY(filesIn(dir).isEmpty());
}

QTEST_GUILESS_MAIN(TestPngWriter)
#include "TestPngWriter.moc"
