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
    void init();
    void unreadableFileIsRemovedAndReported();
    void foldersAreAddedRecursively();
    void unsupportedFileIsReported();

private:
    void drop(ImageStrip& strip, const QStringList& paths);
    QString writeImage(const QString& relative);

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestImageStrip::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

QString TestImageStrip::writeImage(const QString& relative)
{
    const QString path = m_dir->filePath(relative);
    QDir().mkpath(QFileInfo(path).absolutePath());
    QImage image(32, 24, QImage::Format_RGB888);
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

QTEST_MAIN(TestImageStrip)
#include "TestImageStrip.moc"
