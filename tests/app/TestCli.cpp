#include "TestConfig.h"
#include "core/diffusion/RigMetadata.h"
#include "imaging/PngWriter.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

// The real fashionr2r-cli on the tiny golden model: arguments, exit codes and what lands on disk.
class TestCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { FR2R_SKIP_WITHOUT_GOLDEN(); }
    void init();
    void helpExitsZero();
    void outputOnInputIsRefused();
    void collidingNamesGetTwoOutputs();
    void nonUtf8FileName();
    void emptyInputFails();
    void skipExistingRedoesIncompleteResults();
    void killedRunIsRedone();
    void concurrentRunsOnOneFolder();

private:
    struct Run
    {
        int exitCode = -1;
        QString out;
        QString err;
    };
    QStringList translateArguments(const QStringList& extra) const;
    Run run(const QStringList& arguments) const;
    QString writeInput(const QString& name, int shift) const;
    QStringList outputs(const QString& folder) const; // every file, hidden ones included, relative
    static bool decodes(const QString& path);

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestCli::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

QStringList TestCli::translateArguments(const QStringList& extra) const
{
    const QString golden = QStringLiteral(FR2R_GOLDEN_DIR "/tiny/");
    return QStringList{QStringLiteral("translate"), QStringLiteral("--model"), golden + QStringLiteral("model"),
                       QStringLiteral("--negative-embedding"), golden + QStringLiteral("negative_embedding.safetensors"),
                       QStringLiteral("--device"), QStringLiteral("cpu"), QStringLiteral("--dtype"), QStringLiteral("fp32"),
                       QStringLiteral("--size"), QStringLiteral("64"), QStringLiteral("--steps"), QStringLiteral("2"),
                       QStringLiteral("--strength"), QStringLiteral("0.5")}
           + extra;
}

TestCli::Run TestCli::run(const QStringList& arguments) const
{
    QProcess process;
    process.start(QStringLiteral(FR2R_CLI_PATH), arguments);
    if (!process.waitForFinished(300000))
        qFatal("fashionr2r-cli did not finish");
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromLocal8Bit(process.readAllStandardOutput()), QString::fromLocal8Bit(process.readAllStandardError())};
}

QString TestCli::writeInput(const QString& name, int shift) const
{
    QImage image(80, 64, QImage::Format_RGB888);
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            image.setPixelColor(x, y, QColor((x * 3 + shift) % 256, (y * 2 + shift) % 256, (x + y) % 256));
    const QString path = m_dir->filePath(name);
    QDir().mkpath(QFileInfo(path).absolutePath());
    if (!image.save(path))
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

QStringList TestCli::outputs(const QString& folder) const
{
    QStringList files;
    QDirIterator it(folder, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext())
        files << QDir(folder).relativeFilePath(it.next());
    files.sort();
    return files;
}

bool TestCli::decodes(const QString& path)
{
    return !QImage(path).isNull();
}

void TestCli::helpExitsZero()
{
    const Run top = run({QStringLiteral("--help")});
    QCOMPARE(top.exitCode, 0);
    QVERIFY2(top.out.contains(QStringLiteral("translate")), qPrintable(top.out));
    QCOMPARE(run({QStringLiteral("translate"), QStringLiteral("--help")}).exitCode, 0);
    QVERIFY(run({QStringLiteral("frobnicate")}).exitCode != 0);
}

void TestCli::outputOnInputIsRefused()
{
    const QString a = writeInput(QStringLiteral("renders/a.png"), 0);
    writeInput(QStringLiteral("renders/b.jpg"), 40);
    QFile file(a);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray before = file.readAll();
    file.close();
    const QString renders = m_dir->filePath(QStringLiteral("renders"));
    const Run refused = run(translateArguments({renders, QStringLiteral("-o"), renders}));
    QVERIFY(refused.exitCode != 0);
    QVERIFY2(refused.err.contains(QStringLiteral("overwrite the input")) && refused.err.contains(a), qPrintable(refused.err));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), before);
    QCOMPARE(outputs(renders), (QStringList{QStringLiteral("a.png"), QStringLiteral("b.jpg")}));
}

void TestCli::collidingNamesGetTwoOutputs()
{
    writeInput(QStringLiteral("in/a.png"), 0);
    writeInput(QStringLiteral("in/a.jpg"), 90);
    const QString out = m_dir->filePath(QStringLiteral("out"));
    const Run result = run(translateArguments({m_dir->filePath(QStringLiteral("in")), QStringLiteral("-o"), out}));
    QVERIFY2(result.exitCode == 0, qPrintable(result.err));
    QVERIFY2(result.out.contains(QStringLiteral("2 translated")) && result.out.contains(QStringLiteral("1 renamed")),
             qPrintable(result.out));
    QCOMPARE(outputs(out), (QStringList{QStringLiteral("a.jpg.png"), QStringLiteral("a.png")}));
    const auto settings = fr2r::imaging::readPngText((out + QStringLiteral("/a.jpg.png")).toStdString());
    const auto source = nlohmann::json::parse(settings.at(fr2r::core::kSettingsChunk)).at("source").get<std::string>();
    QVERIFY2(QString::fromStdString(source).endsWith(QStringLiteral("in/a.jpg")), source.c_str());
}

void TestCli::nonUtf8FileName()
{
    writeInput(QStringLiteral("in/plain.png"), 0);
    const std::string in = m_dir->filePath(QStringLiteral("in")).toStdString();
    const std::string latin1 = in + "/caf\xe9 \x80.png"; // not UTF-8: as written by another system
    std::filesystem::copy_file(in + "/plain.png", latin1);
    const QString out = m_dir->filePath(QStringLiteral("out"));
    const Run result = run(translateArguments({QString::fromStdString(in), QStringLiteral("-o"), out}));
    QVERIFY2(result.exitCode == 0, qPrintable(result.err));
    const std::string output = out.toStdString() + "/caf\xe9 \x80.png";
    QVERIFY(std::filesystem::exists(output));
    const auto text = fr2r::imaging::readPngText(output);
    const auto document = nlohmann::json::parse(text.at(fr2r::core::kSettingsChunk)); // throws when not valid
    QCOMPARE(fr2r::core::unescapeFileName(document.at("source_escaped").get<std::string>()), latin1);
    const std::string parameters = text.at(fr2r::core::kParametersChunk);
    QCOMPARE(QString::fromStdString(parameters).toStdString(), parameters); // valid UTF-8
}

void TestCli::emptyInputFails()
{
    QVERIFY(QDir().mkpath(m_dir->filePath(QStringLiteral("empty"))));
    const Run result = run(translateArguments({m_dir->filePath(QStringLiteral("empty")), QStringLiteral("-o"),
                                               m_dir->filePath(QStringLiteral("out"))}));
    QVERIFY(result.exitCode != 0);
    QVERIFY2(result.err.contains(QStringLiteral("no images found")), qPrintable(result.err));
}

void TestCli::skipExistingRedoesIncompleteResults()
{
    for (int i = 0; i < 3; ++i)
        writeInput(QStringLiteral("in/%1.png").arg(QChar('a' + i)), 30 * i);
    const QString out = m_dir->filePath(QStringLiteral("out"));
    const QStringList arguments = translateArguments({m_dir->filePath(QStringLiteral("in")), QStringLiteral("-o"), out,
                                                      QStringLiteral("--skip-existing")});
    QCOMPARE(run(arguments).exitCode, 0);
    QFile truncated(out + QStringLiteral("/a.png"));
    QVERIFY(truncated.resize(truncated.size() / 2));
    QFile::remove(out + QStringLiteral("/b.png"));
    QVERIFY(QImage(16, 16, QImage::Format_RGB888).save(out + QStringLiteral("/b.png"))); // someone else's PNG
    const QDateTime kept = QFileInfo(out + QStringLiteral("/c.png")).lastModified();
    QFile complete(out + QStringLiteral("/c.png"));
    QVERIFY(complete.open(QIODevice::ReadOnly));
    const QByteArray keptBytes = complete.readAll();
    complete.close();

    const Run rerun = run(arguments);
    QVERIFY2(rerun.exitCode == 0, qPrintable(rerun.err));
    QVERIFY2(rerun.out.contains(QStringLiteral("2 translated, 1 skipped")), qPrintable(rerun.out));
    for (const QString& name : {QStringLiteral("a.png"), QStringLiteral("b.png")}) {
        QVERIFY(decodes(out + "/" + name));
        QVERIFY(fr2r::imaging::readPngText((out + "/" + name).toStdString()).count(fr2r::core::kSettingsChunk));
    }
    QVERIFY(complete.open(QIODevice::ReadOnly));
    QCOMPARE(complete.readAll(), keptBytes);
    QCOMPARE(QFileInfo(out + QStringLiteral("/c.png")).lastModified(), kept);
}

void TestCli::killedRunIsRedone()
{
    for (int i = 0; i < 4; ++i)
        writeInput(QStringLiteral("in/%1.png").arg(QChar('a' + i)), 25 * i);
    const QString out = m_dir->filePath(QStringLiteral("out"));
    QVERIFY(QDir().mkpath(out));
    const QStringList arguments = translateArguments({m_dir->filePath(QStringLiteral("in")), QStringLiteral("-o"), out,
                                                      QStringLiteral("--skip-existing")});
    QProcess process;
    process.start(QStringLiteral(FR2R_CLI_PATH), arguments);
    QVERIFY(process.waitForStarted());
    // SIGKILL as soon as anything (a temporary or a first result) appears: mid-write or just after.
    while (outputs(out).isEmpty() && process.state() == QProcess::Running)
        QThread::usleep(200);
    process.kill();
    process.waitForFinished();
    QVERIFY2(process.exitStatus() == QProcess::CrashExit, "the run ended before anything was written");

    const Run rerun = run(arguments);
    QVERIFY2(rerun.exitCode == 0, qPrintable(rerun.err));
    QStringList results;
    for (const QString& file : outputs(out))
        if (!file.startsWith('.'))
            results << file;
    QCOMPARE(results, (QStringList{QStringLiteral("a.png"), QStringLiteral("b.png"), QStringLiteral("c.png"),
                                   QStringLiteral("d.png")}));
    for (const QString& file : results)
        QVERIFY2(decodes(out + "/" + file), qPrintable(file));
}

void TestCli::concurrentRunsOnOneFolder()
{
    for (int i = 0; i < 3; ++i)
        writeInput(QStringLiteral("in/%1.png").arg(QChar('a' + i)), 50 * i);
    const QString out = m_dir->filePath(QStringLiteral("out"));
    const QStringList arguments = translateArguments({m_dir->filePath(QStringLiteral("in")), QStringLiteral("-o"), out});
    QProcess first;
    QProcess second;
    first.start(QStringLiteral(FR2R_CLI_PATH), arguments);
    second.start(QStringLiteral(FR2R_CLI_PATH), arguments);
    QVERIFY(first.waitForFinished(300000) && second.waitForFinished(300000));
    QCOMPARE(first.exitCode(), 0);
    QCOMPARE(second.exitCode(), 0);
    QCOMPARE(outputs(out), (QStringList{QStringLiteral("a.png"), QStringLiteral("b.png"), QStringLiteral("c.png")}));
    for (const QString& file : outputs(out))
        QVERIFY2(decodes(out + "/" + file), qPrintable(file));
}

QTEST_GUILESS_MAIN(TestCli)
#include "TestCli.moc"
