// The domain-pack façade's probe (one measured step, nothing written) and its training preview.
#include "TestConfig.h"

#include "core/training/DomainPackTrainer.h"
#include "support/TensorCompare.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include <utility>
#include <vector>

using namespace fr2r;

class TestDomainPackTrainer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { FR2R_SKIP_WITHOUT_GOLDEN(); }
    void probeMeasuresOneStepAndWritesNothing();
    void previewArrivesAtTheAskedStepsAndChanges();

private:
    static core::DomainPackJob tinyJob(const QString& pack);
};

namespace {

// count 64x64 colour patterns, different for each shift.
std::vector<core::TrainingExample> patterns(int count, int shift)
{
    std::vector<core::TrainingExample> examples;
    for (int i = 0; i < count; ++i) {
        ImageBuffer image(64, 64);
        for (int y = 0; y < 64; ++y)
            for (int x = 0; x < 64; ++x) {
                uint8_t* pixel = image.row(y) + x * 3;
                pixel[0] = static_cast<uint8_t>((x * 3 + shift + 40 * i) % 256);
                pixel[1] = static_cast<uint8_t>((y * 2 + shift) % 256);
                pixel[2] = static_cast<uint8_t>((x + y) % 256);
            }
        examples.push_back({image, "a photo"});
    }
    return examples;
}

core::TrainingSettings tinyStage(core::TrainingStage stage, int64_t steps)
{
    core::TrainingSettings settings;
    settings.stage = stage;
    settings.steps = steps;
    settings.resolution = 64;
    settings.learningRate = 5e-2;
    settings.checkpointEvery = 2;
    return settings;
}

} // namespace

core::DomainPackJob TestDomainPackTrainer::tinyJob(const QString& pack)
{
    core::DomainPackJob job;
    job.engine.modelPath = test::goldenPath("tiny/model");
    job.engine.tokenizerPath = test::goldenPath("tiny/model/tokenizer");
    job.engine.device = core::DeviceChoice::Cpu;
    job.engine.precision = core::PrecisionChoice::Fp32;
    job.real = patterns(2, 0);
    job.rendered = patterns(2, 100);
    job.lora = tinyStage(core::TrainingStage::Lora, 4);
    job.embedding = tinyStage(core::TrainingStage::Embedding, 2);
    job.packFolder = pack.toStdString();
    return job;
}

void TestDomainPackTrainer::probeMeasuresOneStepAndWritesNothing()
{
    QTemporaryDir dir;
    const core::DomainPackJob job = tinyJob(dir.filePath(QStringLiteral("pack")));
    core::DomainPackTrainer trainer;
    const core::TrainingProbe probe = trainer.probe(job);
    qInfo("probe: %.3f s per LoRA step, %.1f MiB", probe.secondsPerStep, probe.peakBytes / (1024.0 * 1024.0));
    QVERIFY(probe.secondsPerStep > 0.0);
    QVERIFY(probe.peakBytes > 0); // the model and the step's activations, above what the process held
    QVERIFY(!probe.deviceMemory);
    QVERIFY(QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot).isEmpty());
}

void TestDomainPackTrainer::previewArrivesAtTheAskedStepsAndChanges()
{
    QTemporaryDir dir;
    core::DomainPackJob job = tinyJob(dir.filePath(QStringLiteral("pack")));
    job.preview.render = patterns(1, 50).front().image;
    job.preview.params.steps = 4;
    job.preview.params.strength = 0.5;
    job.preview.params.workingSize = 64;
    job.preview.every = 2;
    std::vector<std::pair<core::TrainingStage, int64_t>> arrived;
    std::vector<ImageBuffer> images;
    core::DomainPackTrainer trainer;
    trainer.setPreviewCallback([&](core::TrainingStage stage, int64_t step, const ImageBuffer& after) {
        arrived.emplace_back(stage, step);
        images.push_back(after);
    });
    trainer.run(job);
    const std::vector<std::pair<core::TrainingStage, int64_t>> expected{
        {core::TrainingStage::Lora, 2}, {core::TrainingStage::Lora, 4}, {core::TrainingStage::Embedding, 2}};
    QVERIFY(arrived == expected);
    for (const ImageBuffer& image : images)
        QVERIFY(image.width == 64 && image.height == 64);
    QVERIFY(images[0].pixels != images[1].pixels); // two more LoRA steps changed the translation
    QVERIFY(images[1].pixels != images[2].pixels); // the learned negative token takes part
}

QTEST_GUILESS_MAIN(TestDomainPackTrainer)
#include "TestDomainPackTrainer.moc"
