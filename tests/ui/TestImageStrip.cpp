#include "ui/AppSettings.h"
#include "ui/ImageStrip.h"

#include <QDir>
#include <QFile>
#include <QMimeData>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using fr2r::ui::ImageStrip;

class TestImageStrip : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void unreadableFileIsRemovedAndReported();
    void foldersAreAddedRecursively();
    void unsupportedFileIsReported();
    void imageOverTheBudgetIsRefusedWithItsSize();
    void thumbnailsKeepTheirAspect();

private:
    void drop(ImageStrip& strip, const QStringList& paths);
    QString writeImage(const QString& relative, QSize size = QSize(32, 24));

    QTemporaryDir m_profile;
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestImageStrip::initTestCase()
{
    // The pixel budget comes from the settings: a profile of the test's own, never the user's.
    QVERIFY(m_profile.isValid());
    QCoreApplication::setOrganizationName(QStringLiteral("FashionR2R-Test"));
    QCoreApplication::setApplicationName(QStringLiteral("TestImageStrip"));
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_profile.path());
}

void TestImageStrip::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

QString TestImageStrip::writeImage(const QString& relative, QSize size)
{
    const QString path = m_dir->filePath(relative);
    QDir().mkpath(QFileInfo(path).absolutePath());
    QImage image(size, QImage::Format_RGB888);
    image.fill(QColor(200, 120, 40));
    if (!image.save(path))
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

void TestImageStrip::drop(ImageStrip& strip, const QStringList& paths)
{
    auto* mime = new QMimeData;
    QList<QUrl> urls;
    for (const QString& path : paths)
        urls << QUrl::fromLocalFile(path);
    mime->setUrls(urls);
    const QPoint pos = strip.viewport()->rect().center();
    QDragEnterEvent enter(pos, Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(strip.viewport(), &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent dropEvent(pos, Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(strip.viewport(), &dropEvent);
    delete mime;
}

void TestImageStrip::unreadableFileIsRemovedAndReported()
{
    ImageStrip strip;
    strip.resize(200, 400);
    strip.show();
    QSignalSpy messages(&strip, &ImageStrip::unreadable);
    const QString good = writeImage(QStringLiteral("good.png"));
    const QString broken = m_dir->filePath(QStringLiteral("broken.png"));
    QFile file(broken);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("this is not a PNG");
    file.close();

    drop(strip, {good, broken});
    QCOMPARE(strip.count(), 2);
    QTRY_COMPARE(strip.pendingThumbnails(), 0);
    QCOMPARE(strip.count(), 1);
    QCOMPARE(strip.currentPath(), good);
    QCOMPARE(messages.count(), 1);
    QCOMPARE(messages.first().first().toString(), broken);
    QVERIFY(!strip.item(0)->icon().isNull());

    // Still usable: another drop works.
    drop(strip, {writeImage(QStringLiteral("second.jpg"))});
    QTRY_COMPARE(strip.pendingThumbnails(), 0);
    QCOMPARE(strip.count(), 2);
}

void TestImageStrip::foldersAreAddedRecursively()
{
    ImageStrip strip;
    writeImage(QStringLiteral("set/a.png"));
    writeImage(QStringLiteral("set/sub/b.png"));
    strip.addPaths({m_dir->filePath(QStringLiteral("set"))});
    QCOMPARE(strip.count(), 2);
    QCOMPARE(strip.relativeName(0), QStringLiteral("a.png"));
    QCOMPARE(strip.relativeName(1), QStringLiteral("sub/b.png"));
    strip.addPaths({m_dir->filePath(QStringLiteral("set/a.png"))}); // already listed
    QCOMPARE(strip.count(), 2);
    QTRY_COMPARE(strip.pendingThumbnails(), 0);
}

void TestImageStrip::unsupportedFileIsReported()
{
    ImageStrip strip;
    QSignalSpy messages(&strip, &ImageStrip::message);
    const QString text = m_dir->filePath(QStringLiteral("notes.txt"));
    QFile file(text);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    strip.addPaths({text});
    QCOMPARE(strip.count(), 0);
    QCOMPARE(messages.count(), 1);
}

void TestImageStrip::imageOverTheBudgetIsRefusedWithItsSize()
{
    fr2r::ui::AppSettings().setMaxMegapixels(1);
    ImageStrip strip;
    QSignalSpy unreadable(&strip, &ImageStrip::unreadable);
    const QString png = writeImage(QStringLiteral("wide.png"), QSize(2000, 1000));
    const QString jpeg = writeImage(QStringLiteral("wide.jpg"), QSize(2000, 1000));
    strip.addPaths({png, jpeg});
    QTRY_COMPARE(strip.pendingThumbnails(), 0);
    fr2r::ui::AppSettings().setMaxMegapixels(100);
    // The PNG decodes at full size, over the budget; the JPEG's thumbnail decodes at 1/8 (250 x 125), within it.
    QCOMPARE(strip.paths(), QStringList{jpeg});
    QVERIFY(!strip.item(0)->icon().isNull());
    QCOMPARE(unreadable.count(), 1);
    QCOMPARE(unreadable.first().at(0).toString(), png);
    const QString details = unreadable.first().at(1).toString();
    QVERIFY2(details.contains(QStringLiteral("2000 x 1000 pixels (2.0 MP) is more than the 1 MP limit")),
             qPrintable(details));
}

// A landscape image first, then a portrait one: both icons are whole, each at its own aspect.
void TestImageStrip::thumbnailsKeepTheirAspect()
{
    ImageStrip strip;
    strip.addPaths({writeImage(QStringLiteral("landscape.png"), QSize(300, 200)),
                    writeImage(QStringLiteral("portrait.png"), QSize(200, 300))});
    QTRY_COMPARE(strip.pendingThumbnails(), 0);
    const int side = ImageStrip::kThumbnailSize;
    for (int row = 0; row < 2; ++row) {
        const QImage icon = strip.item(row)->icon().pixmap(side, side).toImage();
        QCOMPARE(icon.size(), QSize(side, side));
        // The opaque part is the thumbnail: its bounding box has the image's aspect.
        QRect opaque;
        for (int y = 0; y < side; ++y)
            for (int x = 0; x < side; ++x)
                if (qAlpha(icon.pixel(x, y)) > 0)
                    opaque |= QRect(x, y, 1, 1);
        const bool portrait = strip.item(row)->text().startsWith(QStringLiteral("portrait"));
        QCOMPARE(portrait ? opaque.size() : opaque.size().transposed(), QSize(side * 2 / 3, side));
    }
}

QTEST_MAIN(TestImageStrip)
#include "TestImageStrip.moc"
