#include "core/api/Error.h"
#include "imaging/ImageFile.h"
#include "imaging/ImageHeader.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <sys/resource.h>

using fr2r::ImageBuffer;
using fr2r::imaging::ImageFileInfo;
using fr2r::imaging::ImageHeader;
using fr2r::imaging::readImage;
using fr2r::imaging::readThumbnail;
using fr2r::imaging::ReadOptions;

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

void appendLittleEndian(std::string& out, uint32_t value, int bytes)
{
    for (int i = 0; i < bytes; ++i)
        out.push_back(static_cast<char>(value >> (8 * i)));
}

// Headers that claim a huge image, followed by almost nothing: a decoder trusting them would allocate gigabytes.
std::string hugePng(uint32_t width, uint32_t height)
{
    std::string header;
    appendBigEndian(header, width);
    appendBigEndian(header, height);
    header += { 8, 2, 0, 0, 0 }; // 8-bit RGB
    return std::string("\x89PNG\r\n\x1a\n", 8) + chunk("IHDR", header) + chunk("IDAT", storedZlib(std::string(4, '\0')))
        + chunk("IEND", "");
}

std::string hugeJpeg(uint16_t width, uint16_t height)
{
    std::string jpeg = "\xFF\xD8\xFF\xE0";
    jpeg += std::string("\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0", 16); // APP0 before the frame, as cameras write
    jpeg += std::string("\xFF\xC2\0\x11\x08", 5);                          // progressive SOF2, 8 bits
    jpeg += { char(height >> 8), char(height & 0xFF), char(width >> 8), char(width & 0xFF) };
    jpeg += std::string("\x03\x01\x22\0\x02\x11\x01\x03\x11\x01\xFF\xD9", 12);
    return jpeg;
}

std::string hugeBmp(int32_t width, int32_t height)
{
    std::string bmp = "BM";
    appendLittleEndian(bmp, 54 + 16, 4);
    appendLittleEndian(bmp, 0, 4);
    appendLittleEndian(bmp, 54, 4);
    appendLittleEndian(bmp, 40, 4); // BITMAPINFOHEADER
    appendLittleEndian(bmp, static_cast<uint32_t>(width), 4);
    appendLittleEndian(bmp, static_cast<uint32_t>(height), 4);
    appendLittleEndian(bmp, 1, 2);
    appendLittleEndian(bmp, 24, 2);
    return bmp + std::string(24 + 16, '\0');
}

std::string hugeTiff(uint32_t width, uint32_t height)
{
    std::string tiff("MM\0*\0\0\0\x08\0\x02", 10); // big-endian, IFD at 8, two entries
    tiff += std::string("\x01\x00\0\x04\0\0\0\x01", 8);    // ImageWidth, LONG
    appendBigEndian(tiff, width);
    tiff += std::string("\x01\x01\0\x03\0\0\0\x01", 8);    // ImageLength, SHORT
    tiff += { char(height >> 8), char(height & 0xFF), 0, 0 };
    return tiff + std::string(4, '\0');
}

std::string hugeWebP(uint32_t width, uint32_t height)
{
    std::string webp = "RIFF";
    appendLittleEndian(webp, 22, 4);
    webp += "WEBPVP8X";
    appendLittleEndian(webp, 10, 4);
    appendLittleEndian(webp, 0, 4);
    appendLittleEndian(webp, width - 1, 3);
    appendLittleEndian(webp, height - 1, 3);
    return webp;
}

long peakResidentKilobytes()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
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
    void headerGivesTheSizeOfEveryFormat_data();
    void headerGivesTheSizeOfEveryFormat();
    void refusesHugeImagesBeforeDecoding_data();
    void refusesHugeImagesBeforeDecoding();
    void budgetIsAnOption();
    void thumbnailOfJpegUsesReducedDecode();
    void thumbnailKeepsAspectAndNeverEnlarges();

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
    const ImageBuffer image = readImage(path(name), {}, &info);
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
    const ImageBuffer image = readImage(path("deep.png"), {}, &info);
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
    const ImageBuffer image = readImage(path("gray.png"), {}, &info);
    QCOMPARE(info.channels, 1);
    QVERIFY(!info.hasAlpha);
    QCOMPARE(image.width, 9);
    QCOMPARE(pixelAt(image, 8, 4), (std::array<int, 3> { 77, 77, 77 }));
}

void TestImageFile::readsGrayAlphaOverWhite()
{
    writeGrayAlphaPng(m_dir.filePath("grayalpha.png"), { { 0, 255 }, { 0, 0 }, { 100, 128 } });
    ImageFileInfo info;
    const ImageBuffer image = readImage(path("grayalpha.png"), {}, &info);
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
    const ImageBuffer image = readImage(path("rgba.png"), {}, &info);
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
    const ImageBuffer image = readImage(path("phone.jpg"), {}, &info);
    QCOMPARE(image.width, 24); // upright: 90 degrees clockwise
    QCOMPARE(image.height, 32);
    QCOMPARE(info.width, 24);
    QVERIFY(pixelAt(image, 20, 3)[0] < 60); // the dark corner moved to the top right
    QVERIFY(pixelAt(image, 3, 3)[0] > 200);
}

void TestImageFile::headerGivesTheSizeOfEveryFormat_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("quality"); // WebP: above 100 lossless (VP8L), otherwise lossy (VP8)
    QTest::newRow("png") << "size.png" << 0;
    QTest::newRow("jpeg") << "size.jpg" << 0;
    QTest::newRow("bmp") << "size.bmp" << 0;
    QTest::newRow("tiff") << "size.tif" << 0;
    QTest::newRow("webp lossless") << "lossless.webp" << 101;
    QTest::newRow("webp lossy") << "lossy.webp" << 80;
}

void TestImageFile::headerGivesTheSizeOfEveryFormat()
{
    QFETCH(QString, name);
    QFETCH(int, quality);
    const cv::Mat bgr(37, 53, CV_8UC3, cv::Scalar(10, 200, 90));
    std::vector<uint8_t> bytes;
    const std::vector<int> params = quality > 0 ? std::vector<int> { cv::IMWRITE_WEBP_QUALITY, quality } : std::vector<int> {};
    QVERIFY(cv::imencode(name.mid(name.lastIndexOf('.')).toStdString(), bgr, bytes, params));
    const auto header = ImageHeader::parse(bytes);
    QVERIFY(header);
    QCOMPARE(static_cast<int>(header->width), 53);
    QCOMPARE(static_cast<int>(header->height), 37);
}

void TestImageFile::refusesHugeImagesBeforeDecoding_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("size");
    const auto bytes = [](const std::string& text) { return QByteArray(text.data(), static_cast<int>(text.size())); };
    QTest::newRow("png") << "render.png" << bytes(hugePng(32768, 32768)) << "32768 x 32768 pixels (1073.7 MP)";
    QTest::newRow("jpeg") << "photo.jpg" << bytes(hugeJpeg(60000, 30000)) << "60000 x 30000 pixels (1800.0 MP)";
    QTest::newRow("bmp") << "scan.bmp" << bytes(hugeBmp(30000, -20000)) << "30000 x 20000 pixels (600.0 MP)";
    QTest::newRow("tiff") << "print.tif" << bytes(hugeTiff(100000, 50000)) << "100000 x 50000 pixels (5000.0 MP)";
    QTest::newRow("webp") << "web.webp" << bytes(hugeWebP(16000, 16000)) << "16000 x 16000 pixels (256.0 MP)";
}

void TestImageFile::refusesHugeImagesBeforeDecoding()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, content);
    QFETCH(QString, size);
    QFile file(m_dir.filePath(name));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(content);
    file.close();
    const long peakBefore = peakResidentKilobytes();
    try {
        readImage(path(name));
        QFAIL("readImage decoded an image over the budget");
    } catch (const fr2r::Error& e) {
        const QString expected = QString::fromStdString(path(name)) + ": cannot read image: " + size
            + " is more than the 100 MP limit";
        QCOMPARE(QString::fromUtf8(e.what()), expected);
    }
    // Refused from the header: nothing near the claimed size was ever touched.
    QVERIFY(peakResidentKilobytes() - peakBefore < 64 * 1024);
}

void TestImageFile::budgetIsAnOption()
{
    QVERIFY(cv::imwrite(path("wide.png"), cv::Mat(1000, 2000, CV_8UC3, cv::Scalar(1, 2, 3))));
    ReadOptions options;
    options.maxPixels = 1'000'000;
    options.limitSetting = "--max-megapixels";
    try {
        readImage(path("wide.png"), options);
        QFAIL("a 2 MP image passed a 1 MP budget");
    } catch (const fr2r::Error& e) {
        QVERIFY2(QString::fromUtf8(e.what()).endsWith(
                     "2000 x 1000 pixels (2.0 MP) is more than the 1 MP limit (--max-megapixels)"),
                 e.what());
    }
    options.maxPixels = 2'000'000; // the budget is inclusive
    QCOMPARE(readImage(path("wide.png"), options).width, 2000);
    QCOMPARE(readImage(path("wide.png")).height, 1000);
}

void TestImageFile::thumbnailOfJpegUsesReducedDecode()
{
    cv::Mat bgr(1000, 2000, CV_8UC3, cv::Scalar(40, 120, 200));
    QVERIFY(cv::imwrite(path("large.jpg"), bgr));
    ReadOptions options;
    options.maxPixels = 1'000'000; // the full image would not pass; its 1/8 decode (250 x 125) does
    QVERIFY_THROWS_EXCEPTION(fr2r::Error, readImage(path("large.jpg"), options));
    ImageFileInfo info;
    const ImageBuffer thumbnail = readThumbnail(path("large.jpg"), 96, options, &info);
    QCOMPARE(info.decodeScale, 8);
    QCOMPARE(info.width, 2000);
    QCOMPARE(info.height, 1000);
    QCOMPARE(thumbnail.width, 96);
    QCOMPARE(thumbnail.height, 48);
    const auto rgb = pixelAt(thumbnail, 40, 20);
    QVERIFY(std::abs(rgb[0] - 200) <= 12 && std::abs(rgb[2] - 40) <= 12);
    // A larger request takes a smaller reduction, still at least the requested size before the final resize.
    readThumbnail(path("large.jpg"), 300, {}, &info);
    QCOMPARE(info.decodeScale, 4);
}

void TestImageFile::thumbnailKeepsAspectAndNeverEnlarges()
{
    cv::Mat bgra(300, 200, CV_8UC4, cv::Scalar(0, 0, 0, 0)); // portrait, fully transparent
    QVERIFY(cv::imwrite(path("portrait.png"), bgra));
    ImageFileInfo info;
    const ImageBuffer thumbnail = readThumbnail(path("portrait.png"), 96, {}, &info);
    QCOMPARE(info.decodeScale, 1);
    QCOMPARE(thumbnail.width, 64);
    QCOMPARE(thumbnail.height, 96);
    QCOMPARE(pixelAt(thumbnail, 10, 10), (std::array<int, 3> { 255, 255, 255 })); // alpha still over white
    QVERIFY(cv::imwrite(path("small.png"), cv::Mat(30, 50, CV_8UC3, cv::Scalar(1, 2, 3))));
    const ImageBuffer small = readThumbnail(path("small.png"), 96);
    QCOMPARE(small.width, 50);
    QCOMPARE(small.height, 30);
}

QTEST_GUILESS_MAIN(TestImageFile)
#include "TestImageFile.moc"
