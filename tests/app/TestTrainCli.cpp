// fashionr2r-cli train on the tiny golden model: a short run, then translate --pack with what it wrote; bad image
// folders; --resume.
#include "TestConfig.h"
#include "core/api/Sha256.h"
#include "support/CliRun.h"
#include "support/PatternImages.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <fstream>

class TestTrainCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { FR2R_SKIP_WITHOUT_GOLDEN(); }
    void init();
    void trainThenTranslateWithThePack();
    void badFoldersExitTwo_data();
    void badFoldersExitTwo();
    void resumeContinuesFromTheCheckpoint();

private:
    using Run = fr2r::test::CliRun;
    Run run(const QStringList& arguments) const;
    QStringList trainArguments(const QString& pack, const QStringList& extra) const;
    static nlohmann::json readJson(const QString& path);

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestTrainCli::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    fr2r::test::writePatternImages(m_dir->filePath(QStringLiteral("real")), 3, 0);
    fr2r::test::writePatternImages(m_dir->filePath(QStringLiteral("rendered")), 3, 100);
}

TestTrainCli::Run TestTrainCli::run(const QStringList& arguments) const
{
    return Run::of(QStringLiteral(FR2R_CLI_PATH), arguments);
}

QStringList TestTrainCli::trainArguments(const QString& pack, const QStringList& extra) const
{
    return QStringList{QStringLiteral("train"), QStringLiteral("--model"), QStringLiteral(FR2R_GOLDEN_DIR "/tiny/model"),
                       QStringLiteral("--real"), m_dir->filePath(QStringLiteral("real")), QStringLiteral("--rendered"),
                       m_dir->filePath(QStringLiteral("rendered")), QStringLiteral("-o"), pack,
                       QStringLiteral("--steps-lora"), QStringLiteral("4"), QStringLiteral("--steps-embedding"),
                       QStringLiteral("3"), QStringLiteral("--resolution"), QStringLiteral("64"), QStringLiteral("--lr"),
                       QStringLiteral("1e-2"), QStringLiteral("--checkpoint-every"), QStringLiteral("2"),
                       QStringLiteral("--device"), QStringLiteral("cpu"), QStringLiteral("--dtype"), QStringLiteral("fp32")}
           + extra;
}

nlohmann::json TestTrainCli::readJson(const QString& path)
{
    std::ifstream stream(path.toStdString());
    return nlohmann::json::parse(stream);
}

void TestTrainCli::trainThenTranslateWithThePack()
{
    const QString pack = m_dir->filePath(QStringLiteral("pack"));
    const Run trained = run(trainArguments(pack, {}));
    QVERIFY2(trained.exitCode == 0, qPrintable(trained.err));
    QVERIFY2(trained.err.contains(QStringLiteral("lora step 4/4: loss")), qPrintable(trained.err));
    QVERIFY2(trained.err.contains(QStringLiteral("embedding step 3/3: loss")), qPrintable(trained.err));
    const auto info = readJson(pack + QStringLiteral("/pack.json"));
    QCOMPARE(info.at("base_model_sha256").get<std::string>(),
             fr2r::core::sha256File(FR2R_GOLDEN_DIR "/tiny/model/unet/diffusion_pytorch_model.safetensors"));
    QCOMPARE(info.at("lora").at("loss_history").size(), size_t(4));
    QCOMPARE(info.at("negative_embedding").at("loss_history").size(), size_t(3));

    const QString render = m_dir->filePath(QStringLiteral("rendered/0.png"));
    const QStringList translate{QStringLiteral("translate"), QStringLiteral("--model"),
                                QStringLiteral(FR2R_GOLDEN_DIR "/tiny/model"), QStringLiteral("--device"),
                                QStringLiteral("cpu"), QStringLiteral("--dtype"), QStringLiteral("fp32"),
                                QStringLiteral("--size"), QStringLiteral("64"), QStringLiteral("--steps"),
                                QStringLiteral("2"), QStringLiteral("--strength"), QStringLiteral("0.5"), render};
    const QString withPack = m_dir->filePath(QStringLiteral("with"));
    const QString without = m_dir->filePath(QStringLiteral("without"));
    const Run packed = run(translate + QStringList{QStringLiteral("--pack"), pack, QStringLiteral("-o"), withPack});
    QVERIFY2(packed.exitCode == 0, qPrintable(packed.err));
    QVERIFY2(run(translate + QStringList{QStringLiteral("-o"), without}).exitCode == 0, "translate without the pack");
    const QImage a(withPack + QStringLiteral("/0.png"));
    const QImage b(without + QStringLiteral("/0.png"));
    QVERIFY(!a.isNull() && !b.isNull());
    QVERIFY(a != b); // the pack's LoRA and embedding took part
}

void TestTrainCli::badFoldersExitTwo_data()
{
    QTest::addColumn<QString>("real");
    QTest::addColumn<QString>("expected");
    QTest::newRow("missing") << QStringLiteral("nowhere") << QStringLiteral("is not a folder");
    QTest::newRow("empty") << QStringLiteral("empty") << QStringLiteral("0 readable images");
    QTest::newRow("no images") << QStringLiteral("texts") << QStringLiteral("0 readable images");
    QTest::newRow("too small") << QStringLiteral("single") << QStringLiteral("1 readable images, at least 2");
}

void TestTrainCli::badFoldersExitTwo()
{
    QFETCH(QString, real);
    QFETCH(QString, expected);
    QDir().mkpath(m_dir->filePath(QStringLiteral("empty")));
    QDir().mkpath(m_dir->filePath(QStringLiteral("texts")));
    QFile text(m_dir->filePath(QStringLiteral("texts/notes.txt")));
    QVERIFY(text.open(QIODevice::WriteOnly) && text.write("not an image") > 0);
    text.close();
    fr2r::test::writePatternImages(m_dir->filePath(QStringLiteral("single")), 1, 0);

    const QString pack = m_dir->filePath(QStringLiteral("pack"));
    QStringList arguments = trainArguments(pack, {});
    arguments[arguments.indexOf(QStringLiteral("--real")) + 1] = m_dir->filePath(real);
    const Run refused = run(arguments);
    QCOMPARE(refused.exitCode, 2);
    QVERIFY2(refused.err.contains(real) && refused.err.contains(expected), qPrintable(refused.err));
    QVERIFY(!QFileInfo::exists(pack)); // nothing started
}

void TestTrainCli::resumeContinuesFromTheCheckpoint()
{
    const QString pack = m_dir->filePath(QStringLiteral("pack"));
    QVERIFY(run(trainArguments(pack, {})).exitCode == 0);
    const Run again = run(trainArguments(pack, {}));
    QCOMPARE(again.exitCode, 2); // a finished pack is not overwritten
    QVERIFY2(again.err.contains(QStringLiteral("holds a domain pack")), qPrintable(again.err));

    // A continued run keeps the recorded history; a run started over would compute the first loss again.
    const QString state = pack + QStringLiteral("/checkpoints/lora/checkpoint.json");
    auto checkpoint = readJson(state);
    checkpoint["loss_history"][0] = 123.0;
    std::ofstream(state.toStdString()) << checkpoint.dump();

    // Checkpointing and the latent cache do not change a step's result, so a resume may switch them.
    QStringList longer = trainArguments(pack, {QStringLiteral("--resume"), QStringLiteral("--gradient-checkpointing"),
                                               QStringLiteral("--no-latent-cache")});
    longer[longer.indexOf(QStringLiteral("--steps-lora")) + 1] = QStringLiteral("6");
    const Run resumed = run(longer);
    QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.err));
    const auto lora = readJson(pack + QStringLiteral("/pack.json")).at("lora");
    const auto& history = lora.at("loss_history");
    QCOMPARE(history.size(), size_t(6));
    QCOMPARE(history[0].get<double>(), 123.0);
    QVERIFY(lora.at("settings").at("gradient_checkpointing").get<bool>());
    QVERIFY(!lora.at("settings").at("cache_latents").get<bool>());
}

QTEST_GUILESS_MAIN(TestTrainCli)
#include "TestTrainCli.moc"
