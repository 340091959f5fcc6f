#include "TestConfig.h"
#include "core/api/RigMetadata.h"
#include "core/io/SafeTensorsFile.h"
#include "imaging/PngWriter.h"
#include "support/CliRun.h"
#include "support/FolderListing.h"
#include "support/TinyModelCopy.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <torch/torch.h>

#include <filesystem>
#include <fstream>
#include <limits>

// The real fashionr2r-cli on the tiny golden model: arguments, exit codes and what lands on disk.
class TestCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { FR2R_SKIP_WITHOUT_GOLDEN(); }
    void init();
    void helpExitsZero();
    void exitCodesSayWhatFailed();
    void shardsSplitTheBatch();
    void previewIsNeverAFinishedResult();
    void verboseShowsTheCoreDecisions();
    void sweepWritesGridAndCells();
    void evalReportsThePairs();
    void outputOnInputIsRefused();
    void collidingNamesGetTwoOutputs();
    void nonUtf8FileName();
    void emptyInputFails();
    void skipExistingRedoesIncompleteResults();
    void killedRunIsRedone();
    void concurrentRunsOnOneFolder();
    void hostileModelFilesAreRefused_data();
    void hostileModelFilesAreRefused();
    void gigapixelHeaderIsRefusedBeforeDecoding();
    void oversizedConfigIsRefused();

private:
    using Run = fr2r::test::CliRun;
    QStringList translateArguments(const QStringList& extra) const;
    Run run(const QStringList& arguments) const;
    QString writeInput(const QString& name, int shift) const;
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
    return Run::of(QStringLiteral(FR2R_CLI_PATH), arguments);
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

void TestCli::exitCodesSayWhatFailed()
{
    writeInput(QStringLiteral("in/a.png"), 0);
    const QString in = m_dir->filePath(QStringLiteral("in"));
    const QString out = m_dir->filePath(QStringLiteral("out"));
    const Run badValue = run(translateArguments({QStringLiteral("--gamma"), QStringLiteral("3"), in, QStringLiteral("-o"), out}));
    QCOMPARE(badValue.exitCode, 2); // refused before the model loads
    QVERIFY2(badValue.err.contains(QStringLiteral("gamma")), qPrintable(badValue.err));
    QStringList missingModel = translateArguments({in, QStringLiteral("-o"), out});
    missingModel[missingModel.indexOf(QStringLiteral("--model")) + 1] = m_dir->filePath(QStringLiteral("no-such-model"));
    const Run failed = run(missingModel);
    QCOMPARE(failed.exitCode, 1);
    QVERIFY2(failed.err.contains(QStringLiteral("no-such-model")), qPrintable(failed.err));
    QVERIFY(!QFileInfo::exists(out + QStringLiteral("/a.png")));
}

void TestCli::shardsSplitTheBatch()
{
    for (int i = 0; i < 3; ++i)
        writeInput(QStringLiteral("in/r%1.png").arg(i), 30 * i);
    const QString in = m_dir->filePath(QStringLiteral("in"));
    const QString out = m_dir->filePath(QStringLiteral("out"));
    const Run first = run(translateArguments({QStringLiteral("--shard"), QStringLiteral("1/2"), in, QStringLiteral("-o"), out}));
    QVERIFY2(first.exitCode == 0, qPrintable(first.err));
    const int afterFirst = int(fr2r::test::filesBelow(out).size());
    QVERIFY(afterFirst >= 1 && afterFirst <= 2);
    const Run second = run(translateArguments({QStringLiteral("--shard"), QStringLiteral("2/2"), in, QStringLiteral("-o"), out}));
    QVERIFY2(second.exitCode == 0, qPrintable(second.err));
    QCOMPARE(fr2r::test::filesBelow(out),
             (QStringList{QStringLiteral("r0.png"), QStringLiteral("r1.png"), QStringLiteral("r2.png")}));
    const Run again = run(translateArguments({QStringLiteral("--skip-existing"), in, QStringLiteral("-o"), out}));
    QVERIFY2(again.exitCode == 0 && again.out.contains(QStringLiteral("3 skipped")), qPrintable(again.out));
}

void TestCli::previewIsNeverAFinishedResult()
{
    writeInput(QStringLiteral("in/a.png"), 0);
    const QString in = m_dir->filePath(QStringLiteral("in"));
    const QString out = m_dir->filePath(QStringLiteral("out"));
    const QStringList size{QStringLiteral("--size"), QStringLiteral("128")}; // the 80x64 input's own size
    const Run preview = run(translateArguments(size + QStringList{QStringLiteral("--preview-size"), QStringLiteral("64"),
                                                                  in, QStringLiteral("-o"), out}));
    QVERIFY2(preview.exitCode == 0, qPrintable(preview.err));
    QCOMPARE(QImage(out + QStringLiteral("/a.png")).width(), 64);
    const Run full = run(translateArguments(size + QStringList{QStringLiteral("--skip-existing"), in,
                                                               QStringLiteral("-o"), out}));
    QVERIFY2(full.exitCode == 0 && full.out.contains(QStringLiteral("1 translated, 0 skipped")), qPrintable(full.out));
    QCOMPARE(QImage(out + QStringLiteral("/a.png")).width(), 80);
}

void TestCli::verboseShowsTheCoreDecisions()
{
    writeInput(QStringLiteral("in/a.png"), 0);
    const QString in = m_dir->filePath(QStringLiteral("in"));
    const Run quiet = run(translateArguments({in, QStringLiteral("-o"), m_dir->filePath(QStringLiteral("quiet"))}));
    QVERIFY2(quiet.exitCode == 0 && !quiet.err.contains(QStringLiteral("[info]")), qPrintable(quiet.err));
    const Run verbose = run(translateArguments({QStringLiteral("--verbose"), in, QStringLiteral("-o"),
                                                m_dir->filePath(QStringLiteral("verbose"))}));
    QVERIFY2(verbose.exitCode == 0, qPrintable(verbose.err));
    QVERIFY2(verbose.err.contains(QStringLiteral("[info] tokenizer: ")) &&
                 verbose.err.contains(QStringLiteral("(the model's own)")) &&
                 verbose.err.contains(QStringLiteral("attention memory budget")),
             qPrintable(verbose.err));
}

void TestCli::sweepWritesGridAndCells()
{
    const QString input = writeInput(QStringLiteral("jacket.png"), 10);
    const QString grid = m_dir->filePath(QStringLiteral("grid.png"));
    QStringList arguments = translateArguments({QStringLiteral("--strengths"), QStringLiteral("0.3,0.5"),
                                                QStringLiteral("--gammas"), QStringLiteral("0,0.9"), input,
                                                QStringLiteral("-o"), grid});
    arguments[0] = QStringLiteral("sweep");
    arguments.removeAt(arguments.indexOf(QStringLiteral("--strength")) + 1);
    arguments.removeAll(QStringLiteral("--strength"));
    const Run result = run(arguments);
    QVERIFY2(result.exitCode == 0, qPrintable(result.err));
    QVERIFY(decodes(grid));
    const QStringList cells = fr2r::test::filesBelow(m_dir->filePath(QStringLiteral("grid_cells")));
    QCOMPARE(cells.size(), 4);
    const auto text = fr2r::imaging::readPngText(m_dir->filePath(QStringLiteral("grid_cells/") + cells.front()).toStdString());
    const auto settings = nlohmann::json::parse(text.at(fr2r::core::kSettingsChunk));
    QCOMPARE(settings.at("source_sha256").get<std::string>().size(), size_t(64));
    QCOMPARE(settings.at("model").at("hash").get<std::string>().size(), size_t(10));
    QCOMPARE(settings.at("model").at("name").get<std::string>(), std::string("model"));
}

void TestCli::evalReportsThePairs()
{
    writeInput(QStringLiteral("rendered/a.png"), 0);
    writeInput(QStringLiteral("rendered/b.png"), 50);
    writeInput(QStringLiteral("generated/a.png"), 3);
    writeInput(QStringLiteral("generated/b.png"), 50);
    const QString json = m_dir->filePath(QStringLiteral("report.json"));
    const Run result = run({QStringLiteral("eval"), QStringLiteral("--generated"), m_dir->filePath(QStringLiteral("generated")),
                            QStringLiteral("--rendered"), m_dir->filePath(QStringLiteral("rendered")),
                            QStringLiteral("--json"), json});
    QVERIFY2(result.exitCode == 0, qPrintable(result.err));
    std::ifstream file(json.toStdString());
    const auto report = nlohmann::json::parse(file);
    QCOMPARE(report.at("pairs").size(), size_t(2));
    const double ssim = report.at("summary").at("ssim").at("mean").get<double>();
    QVERIFY2(ssim > 0.5 && ssim < 1.0, qPrintable(QString::number(ssim))); // b is identical, a shifted by 3
    const Run missing = run({QStringLiteral("eval"), QStringLiteral("--generated"), m_dir->filePath(QStringLiteral("generated"))});
    QCOMPARE(missing.exitCode, 2);
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
    QCOMPARE(fr2r::test::filesBelow(renders), (QStringList{QStringLiteral("a.png"), QStringLiteral("b.jpg")}));
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
    QCOMPARE(fr2r::test::filesBelow(out), (QStringList{QStringLiteral("a.jpg.png"), QStringLiteral("a.png")}));
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
    while (fr2r::test::filesBelow(out).isEmpty() && process.state() == QProcess::Running)
        QThread::usleep(200);
    process.kill();
    process.waitForFinished();
    QVERIFY2(process.exitStatus() == QProcess::CrashExit, "the run ended before anything was written");

    const Run rerun = run(arguments);
    QVERIFY2(rerun.exitCode == 0, qPrintable(rerun.err));
    QStringList results;
    for (const QString& file : fr2r::test::filesBelow(out))
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
    QCOMPARE(fr2r::test::filesBelow(out), (QStringList{QStringLiteral("a.png"), QStringLiteral("b.png"), QStringLiteral("c.png")}));
    for (const QString& file : fr2r::test::filesBelow(out))
        QVERIFY2(decodes(out + "/" + file), qPrintable(file));
}

using Tensors = std::vector<std::pair<std::string, at::Tensor>>;
Q_DECLARE_METATYPE(Tensors)

void TestCli::hostileModelFilesAreRefused_data()
{
    const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
    const std::string peft = "unet.down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_q.";
    QTest::addColumn<QString>("option"); // --lora or --negative-embedding
    QTest::addColumn<Tensors>("tensors");
    QTest::addColumn<QString>("phrase");
    QTest::newRow("rank-0 LoRA") << "--lora" << Tensors{{peft + "lora_A.weight", torch::zeros({0, 32})},
                                                       {peft + "lora_B.weight", torch::zeros({32, 0})}}
                                 << "rank 0";
    QTest::newRow("one-dimensional LoRA") << "--lora" << Tensors{{peft + "lora_A.weight", torch::zeros({32})},
                                                                {peft + "lora_B.weight", torch::zeros({32, 1})}}
                                          << "must have 2 or 4 dimensions";
    QTest::newRow("NaN LoRA") << "--lora" << Tensors{{peft + "lora_A.weight", torch::full({1, 32}, nan)},
                                                    {peft + "lora_B.weight", torch::zeros({32, 1})}}
                              << "NaN or infinite";
    QTest::newRow("infinite LoRA") << "--lora" << Tensors{{peft + "lora_A.weight", torch::zeros({1, 32})},
                                                         {peft + "lora_B.weight", torch::full({32, 1}, inf)}}
                                   << "NaN or infinite";
    QTest::newRow("NaN embedding") << "--negative-embedding" << Tensors{{"<rendered>", torch::full({2, 32}, nan)}}
                                   << "NaN or infinite";
    QTest::newRow("infinite embedding") << "--negative-embedding" << Tensors{{"<rendered>", torch::full({2, 32}, -inf)}}
                                        << "NaN or infinite";
    QTest::newRow("scalar embedding") << "--negative-embedding" << Tensors{{"<rendered>", torch::tensor(1.0f)}}
                                      << "<rendered>";
}

// Refused by name with a non-zero exit and nothing written: never a signal, never a meaningless image.
void TestCli::hostileModelFilesAreRefused()
{
    QFETCH(QString, option);
    QFETCH(Tensors, tensors);
    QFETCH(QString, phrase);
    const QString file = m_dir->filePath(QStringLiteral("hostile.safetensors"));
    fr2r::core::writeSafeTensors(file.toStdString(), tensors);
    const QString input = writeInput(QStringLiteral("in/a.png"), 0);
    const QString out = m_dir->filePath(QStringLiteral("out"));
    QStringList arguments = translateArguments({input, QStringLiteral("-o"), out});
    const int existing = arguments.indexOf(option);
    if (existing >= 0)
        arguments[existing + 1] = file;
    else
        arguments << option << file;
    const Run refused = run(arguments);
    QVERIFY2(refused.exitCode == 1, qPrintable(QString::number(refused.exitCode) + refused.err));
    QVERIFY2(refused.err.contains(file) && refused.err.contains(phrase), qPrintable(refused.err));
    QVERIFY(fr2r::test::filesBelow(out).isEmpty());
}

void TestCli::gigapixelHeaderIsRefusedBeforeDecoding()
{
    // IHDR claims 32768 x 32768 RGBA (4 GiB once decoded); the data is a few bytes.
    const QByteArray png = QByteArray::fromHex(
        "89504e470d0a1a0a0000000d4948445200008000000080000806000000c47ca37f0000000b49444154789c6360000200000500017a5eab3f"
        "0000000049454e44ae426082");
    const QString input = m_dir->filePath(QStringLiteral("in/huge.png"));
    QDir().mkpath(QFileInfo(input).absolutePath());
    QFile file(input);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(png);
    file.close();
    const QString out = m_dir->filePath(QStringLiteral("out"));
    const Run refused = run(translateArguments({input, QStringLiteral("-o"), out}));
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains(QStringLiteral("huge.png")) && refused.err.contains(QStringLiteral("32768 x 32768")) &&
                 refused.err.contains(QStringLiteral("--max-megapixels")),
             qPrintable(refused.err));
    QVERIFY(fr2r::test::filesBelow(out).isEmpty());
}

void TestCli::oversizedConfigIsRefused()
{
    const fr2r::test::TinyModelCopy model(m_dir->path().toStdString());
    model.editConfig("unet", [](nlohmann::json& config) { config["block_out_channels"] = {65536, 65536, 65536, 65536}; });
    QStringList arguments = translateArguments(
        {writeInput(QStringLiteral("in/a.png"), 0), QStringLiteral("-o"), m_dir->filePath(QStringLiteral("out"))});
    arguments[arguments.indexOf(QStringLiteral("--model")) + 1] = QString::fromStdString(model.path());
    const Run refused = run(arguments);
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains(QStringLiteral("config.json")) && refused.err.contains(QStringLiteral("block_out_channels")) &&
                 refused.err.contains(QStringLiteral("65536")),
             qPrintable(refused.err));
}

QTEST_GUILESS_MAIN(TestCli)
#include "TestCli.moc"
