#include "core/Error.h"
#include "imaging/ImageFile.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <fstream>
#include <opencv2/imgcodecs.hpp>

using fr2r::ImageBuffer;
using fr2r::imaging::ImageFileInfo;
using fr2r::imaging::readImage;

namespace {

void appendBigEndian(std::string& out, uint32_t value)
{
    for (int shift = 24; shift >= 0; shift -= 8)
        out.push_back(static_cast<char>(value >> shift));
}

uint32_t crc32(const std::string& bytes)
{
    uint32_t crc = 0xFFFFFFFFu;
    for (unsigned char byte : bytes) {
        crc ^= byte;
        for (int k = 0; k < 8; ++k)
            crc = (crc & 1) ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
    }
    return ~crc;
}

std::string chunk(const std::string& type, const std::string& data)
{
    std::string out;
    appendBigEndian(out, static_cast<uint32_t>(data.size()));
    out += type + data;
    appendBigEndian(out, crc32(type + data));
    return out;
}

// A zlib stream of one stored (uncompressed) deflate block: lets the test write PNG colour types
// that cv::imwrite cannot produce (gray + alpha) without a zlib dependency.
std::string storedZlib(const std::string& data)
{
    std::string out = "\x78\x01";
    out.push_back('\x01');
    const auto length = static_cast<uint16_t>(data.size());
    out += { char(length & 0xFF), char(length >> 8), char(~length & 0xFF), char((~length >> 8) & 0xFF) };
    out += data;
    uint32_t a = 1, b = 0;
    for (unsigned char byte : data) {
        a = (a + byte) % 65521;
        b = (b + a) % 65521;
    }
    appendBigEndian(out, (b << 16) | a);
    return out;
}

// An 8-bit gray + alpha PNG (colour type 4) of one row of (gray, alpha) pairs.
void writeGrayAlphaPng(const QString& path, const std::vector<std::pair<uint8_t, uint8_t>>& pixels)
{
    std::string header;
    appendBigEndian(header, static_cast<uint32_t>(pixels.size()));
    appendBigEndian(header, 1);
    header += { 8, 4, 0, 0, 0 };
    std::string row(1, '\0'); // filter type None
    for (const auto& [gray, alpha] : pixels)
        row += { char(gray), char(alpha) };
    std::ofstream out(path.toStdString(), std::ios::binary);
    out << std::string("\x89PNG\r\n\x1a\n", 8) << chunk("IHDR", header) << chunk("IDAT", storedZlib(row))
        << chunk("IEND", "");
}

std::array<int, 3> pixelAt(const ImageBuffer& image, int x, int y)
{
    const uint8_t* p = image.row(y) + 3 * x;
    return { p[0], p[1], p[2] };
}

// Over white: c * a + 255 * (1 - a), rounded.
int overWhite(int colour, int alpha)
{
    return static_cast<int>(std::lround(colour * alpha / 255.0 + 255.0 * (255 - alpha) / 255.0));
}

// A JPEG whose EXIF orientation (tag 0x0112) says "rotate 90 degrees clockwise to display" (6).
std::vector<uint8_t> jpegWithOrientation6(const cv::Mat& bgr)
{
    std::vector<uint8_t> jpeg;
    cv::imencode(".jpg", bgr, jpeg);
    const std::string tiff("II*\0\x08\0\0\0" // little-endian TIFF header, IFD0 at offset 8
                           "\x01\0"             // one entry
                           "\x12\x01\x03\0\x01\0\0\0\x06\0\0\0" // orientation, SHORT, count 1, value 6
                           "\0\0\0\0",        // no next IFD
                           26);
    const std::string payload = std::string("Exif\0\0", 6) + tiff;
    const size_t length = payload.size() + 2;
    std::vector<uint8_t> app1 = { 0xFF, 0xE1, static_cast<uint8_t>(length >> 8), static_cast<uint8_t>(length & 0xFF) };
    app1.insert(app1.end(), payload.begin(), payload.end());
    jpeg.insert(jpeg.begin() + 2, app1.begin(), app1.end()); // right after the start-of-image marker
    return jpeg;
}

} // namespace

class TestImageFile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsEveryFormat_data();
    void readsEveryFormat();
    void reads16Bit();
    void readsGray();
    void readsGrayAlphaOverWhite();
    void readsRgbaOverWhite();
    void rejectsCorruptAndMissingFiles_data();
    void rejectsCorruptAndMissingFiles();
    void recognisesExtensions_data();
    void recognisesExtensions();
    void listsImagesRecursively();
    void turnsJpegUprightByExifOrientation();

private:
    QTemporaryDir m_dir;
    std::string path(const QString& name) const { return m_dir.filePath(name).toStdString(); }
};

void TestImageFile::readsEveryFormat_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("tolerance");
    QTest::newRow("png") << "colour.png" << 0;
    QTest::newRow("bmp") << "colour.bmp" << 0;
    QTest::newRow("tiff") << "colour.tif" << 0;
    QTest::newRow("webp lossless") << "colour.webp" << 0;
    QTest::newRow("jpeg") << "colour.JPG" << 12;
}

void TestImageFile::readsEveryFormat()
{
    QFETCH(QString, name);
    QFETCH(int, tolerance);
    cv::Mat bgr(24, 32, CV_8UC3, cv::Scalar(40, 120, 200)); // RGB (200, 120, 40)
    std::vector<int> params;
    if (name.endsWith(".webp"))
        params = { cv::IMWRITE_WEBP_QUALITY, 101 };
    QVERIFY(cv::imwrite(path(name), bgr, params));
    ImageFileInfo info;
    const ImageBuffer image = readImage(path(name), &info);
    QCOMPARE(image.width, 32);
    QCOMPARE(image.height, 24);
    QCOMPARE(info.bitDepth, 8);
    QVERIFY(!info.hasAlpha);
    const auto rgb = pixelAt(image, 5, 7);
    QVERIFY2(std::abs(rgb[0] - 200) <= tolerance && std::abs(rgb[1] - 120) <= tolerance
                 && std::abs(rgb[2] - 40) <= tolerance,
             qPrintable(QString("got %1 %2 %3").arg(rgb[0]).arg(rgb[1]).arg(rgb[2])));
}

void TestImageFile::reads16Bit()
{
    cv::Mat bgr(8, 6, CV_16UC3, cv::Scalar(257 * 10, 257 * 128, 257 * 250));
    bgr.at<cv::Vec3w>(2, 3) = cv::Vec3w(65535, 0, 300); // 300 / 257 rounds to 1
    QVERIFY(cv::imwrite(path("deep.png"), bgr));
    ImageFileInfo info;
    const ImageBuffer image = readImage(path("deep.png"), &info);
    QCOMPARE(info.bitDepth, 16);
    QCOMPARE(info.channels, 3);
    QCOMPARE(info.width, 6);
    QCOMPARE(pixelAt(image, 0, 0), (std::array<int, 3> { 250, 128, 10 }));
    QCOMPARE(pixelAt(image, 3, 2), (std::array<int, 3> { 1, 0, 255 }));
}

void TestImageFile::readsGray()
{
    cv::Mat gray(5, 9, CV_8UC1, cv::Scalar(77));
    QVERIFY(cv::imwrite(path("gray.png"), gray));
    ImageFileInfo info;
    const ImageBuffer image = readImage(path("gray.png"), &info);
    QCOMPARE(info.channels, 1);
    QVERIFY(!info.hasAlpha);
    QCOMPARE(image.width, 9);
    QCOMPARE(pixelAt(image, 8, 4), (std::array<int, 3> { 77, 77, 77 }));
}

void TestImageFile::readsGrayAlphaOverWhite()
{
    writeGrayAlphaPng(m_dir.filePath("grayalpha.png"), { { 0, 255 }, { 0, 0 }, { 100, 128 } });
    ImageFileInfo info;
    const ImageBuffer image = readImage(path("grayalpha.png"), &info);
    QVERIFY(info.hasAlpha);
    QCOMPARE(image.width, 3);
    QCOMPARE(pixelAt(image, 0, 0), (std::array<int, 3> { 0, 0, 0 }));
    QCOMPARE(pixelAt(image, 1, 0), (std::array<int, 3> { 255, 255, 255 }));
    const int blended = overWhite(100, 128);
    QCOMPARE(pixelAt(image, 2, 0), (std::array<int, 3> { blended, blended, blended }));
}

void TestImageFile::readsRgbaOverWhite()
{
    cv::Mat bgra(4, 4, CV_8UC4, cv::Scalar(30, 60, 90, 255));
    bgra.at<cv::Vec4b>(1, 1) = cv::Vec4b(30, 60, 90, 0);
    bgra.at<cv::Vec4b>(2, 2) = cv::Vec4b(30, 60, 90, 64);
    QVERIFY(cv::imwrite(path("rgba.png"), bgra));
    ImageFileInfo info;
    const ImageBuffer image = readImage(path("rgba.png"), &info);
    QVERIFY(info.hasAlpha);
    QCOMPARE(info.channels, 4);
    QCOMPARE(pixelAt(image, 0, 0), (std::array<int, 3> { 90, 60, 30 }));
    QCOMPARE(pixelAt(image, 1, 1), (std::array<int, 3> { 255, 255, 255 }));
    QCOMPARE(pixelAt(image, 2, 2), (std::array<int, 3> { overWhite(90, 64), overWhite(60, 64), overWhite(30, 64) }));
}

void TestImageFile::rejectsCorruptAndMissingFiles_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("content"); // null: do not create the file
    QTest::addColumn<QString>("reason");
    QTest::newRow("missing") << "missing.png" << QByteArray() << "does not exist";
    QTest::newRow("empty") << "empty.png" << QByteArray("") << "empty";
    QTest::newRow("garbage") << "garbage.jpg" << QByteArray("this is not an image at all") << "corrupt";
    QTest::newRow("truncated png") << "truncated.png" << QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16) << "corrupt";
}

void TestImageFile::rejectsCorruptAndMissingFiles()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, content);
    QFETCH(QString, reason);
    if (!content.isNull()) {
        QFile file(m_dir.filePath(name));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
    }
    try {
        readImage(path(name));
        QFAIL("readImage accepted a bad file");
    } catch (const fr2r::Error& e) {
        const QString message = QString::fromUtf8(e.what());
        QVERIFY2(message.startsWith(QString::fromStdString(path(name)) + ": cannot read image: "), e.what());
        QVERIFY2(message.contains(reason), e.what());
    }
}

void TestImageFile::recognisesExtensions_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("supported");
    QTest::newRow("png") << "a.png" << true;
    QTest::newRow("upper case") << "dir/B.JPEG" << true;
    QTest::newRow("tiff") << "c.tif" << true;
    QTest::newRow("webp") << "d.WebP" << true;
    QTest::newRow("bmp") << "e.bmp" << true;
    QTest::newRow("text") << "notes.txt" << false;
    QTest::newRow("partial") << "a.png.partial" << false;
    QTest::newRow("no extension") << "png" << false;
}

void TestImageFile::recognisesExtensions()
{
    QFETCH(QString, name);
    QFETCH(bool, supported);
    QCOMPARE(fr2r::imaging::isSupportedImageFile(name.toStdString()), supported);
}

void TestImageFile::listsImagesRecursively()
{
    QTemporaryDir root;
    QVERIFY(QDir(root.path()).mkpath(QString::fromUtf8("größe/tief")));
    QVERIFY(QDir(root.path()).mkpath(".cache"));
    for (const char* name :
         { "b.png", "a.JPG", "notes.txt", ".hidden.png", ".cache/c.png", "größe/ü.webp", "größe/tief/z.tif" }) {
        QFile file(root.filePath(QString::fromUtf8(name)));
        QVERIFY(file.open(QIODevice::WriteOnly));
    }
    const auto images = fr2r::imaging::listImages(root.path().toStdString());
    QCOMPARE(images, (std::vector<std::string> { "a.JPG", "b.png", "größe/tief/z.tif", "größe/ü.webp" }));
    QVERIFY_THROWS_EXCEPTION(fr2r::Error, fr2r::imaging::listImages(root.filePath("nowhere").toStdString()));
}

void TestImageFile::turnsJpegUprightByExifOrientation()
{
    cv::Mat bgr(24, 32, CV_8UC3, cv::Scalar(255, 255, 255));
    bgr(cv::Rect(0, 0, 8, 8)).setTo(cv::Scalar(0, 0, 0)); // a dark top-left corner
    const auto bytes = jpegWithOrientation6(bgr);
    std::ofstream(path("phone.jpg"), std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    ImageFileInfo info;
    const ImageBuffer image = readImage(path("phone.jpg"), &info);
    QCOMPARE(image.width, 24); // upright: 90 degrees clockwise
    QCOMPARE(image.height, 32);
    QCOMPARE(info.width, 24);
    QVERIFY(pixelAt(image, 20, 3)[0] < 60); // the dark corner moved to the top right
    QVERIFY(pixelAt(image, 3, 3)[0] > 200);
}

QTEST_GUILESS_MAIN(TestImageFile)
#include "TestImageFile.moc"
