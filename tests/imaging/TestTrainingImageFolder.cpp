// Training folders: resized (short side) and center-cropped images, captions from .txt, unreadable files listed.
#include "core/api/Error.h"
#include "imaging/PngWriter.h"
#include "imaging/TrainingImageFolder.h"

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace fr2r;

class TestTrainingImageFolder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsCropsAndCaptions();
    void refusesAFolderWithoutImages();
};

void TestTrainingImageFolder::readsCropsAndCaptions()
{
    QTemporaryDir dir;
    // 40 x 20: a red left quarter, a green middle half, a blue right quarter; the crop keeps the green middle.
    ImageBuffer wide(40, 20);
    for (int y = 0; y < 20; ++y)
        for (int x = 0; x < 40; ++x)
            wide.row(y)[x * 3 + (x < 10 ? 0 : x < 30 ? 1 : 2)] = 255;
    imaging::writePng(dir.filePath("a.png").toStdString(), wide);
    imaging::writePng(dir.filePath("b.png").toStdString(), wide);
    std::ofstream(dir.filePath("a.txt").toStdString()) << "  a red dress\n";
    std::ofstream(dir.filePath("broken.png").toStdString()) << "not a png";

    const auto folder = imaging::TrainingImageFolder::read(dir.path().toStdString(), 8, "a photo");
    QCOMPARE(folder.examples.size(), size_t(2));
    QCOMPARE(folder.examples[0].caption, std::string("a red dress"));
    QCOMPARE(folder.examples[1].caption, std::string("a photo"));
    QCOMPARE(folder.skipped.size(), size_t(1));
    QVERIFY(QString::fromStdString(folder.skipped[0]).startsWith("broken.png: "));
    const ImageBuffer& image = folder.examples[0].image;
    QCOMPARE(image.width, 8);
    QCOMPARE(image.height, 8);
    for (int x : {0, 7}) // the 16 x 8 resize's center 8 columns are all green
        QVERIFY(image.row(4)[x * 3 + 1] > 200 && image.row(4)[x * 3] < 60 && image.row(4)[x * 3 + 2] < 60);
}

void TestTrainingImageFolder::refusesAFolderWithoutImages()
{
    QTemporaryDir dir;
    std::ofstream(dir.filePath("notes.txt").toStdString()) << "no images here";
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, imaging::TrainingImageFolder::read(dir.path().toStdString(), 8, ""));
}

QTEST_GUILESS_MAIN(TestTrainingImageFolder)
#include "TestTrainingImageFolder.moc"
