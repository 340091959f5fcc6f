#include "GoldenPipeline.h"

#include "core/Error.h"
#include "core/io/SafeTensorsFile.h"
#include "core/model/Lora.h"
#include "support/TensorCompare.h"

#include <QTemporaryDir>
#include <QtTest>

#include <torch/torch.h>

using namespace fr2r;

// LoRA merging through the whole model loader, against golden/tiny/lora_reference.safetensors.
class TestLora : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void reproducesReference_data();
    void reproducesReference();
    void reportsUnmatchedModules();

private:
    static at::Tensor unetOutput(core::StableDiffusionModel& model, const std::string& timestep);
};

at::Tensor TestLora::unetOutput(core::StableDiffusionModel& model, const std::string& timestep)
{
    torch::InferenceMode inference;
    core::SafeTensorsFile reference(test::goldenPath("tiny/reference.safetensors"));
    const auto t = torch::full({}, static_cast<int64_t>(std::stoll(timestep)), torch::kLong);
    return model.unet()->forward(reference.load("unet.t" + timestep + ".sample"), t,
                                 reference.load("unet.t" + timestep + ".context"));
}

void TestLora::reproducesReference_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<double>("multiplier");
    QTest::addColumn<QString>("reference");
    QTest::newRow("peft t981") << "tiny/lora_peft.safetensors" << 1.0 << "lora_peft.unet.t981.out";
    QTest::newRow("peft t500") << "tiny/lora_peft.safetensors" << 1.0 << "lora_peft.unet.t500.out";
    QTest::newRow("kohya t981") << "tiny/lora_kohya.safetensors" << 1.0 << "lora_kohya.unet.t981.out";
    QTest::newRow("kohya t500") << "tiny/lora_kohya.safetensors" << 1.0 << "lora_kohya.unet.t500.out";
    QTest::newRow("peft x0.5") << "tiny/lora_peft.safetensors" << 0.5 << "lora_peft_x0.5.unet.t500.out";
    QTest::newRow("kohya single file") << "tiny/lora_kohya.safetensors" << 1.0 << "lora_kohya.unet.t500.out";
}

void TestLora::reproducesReference()
{
    QFETCH(QString, file);
    QFETCH(double, multiplier);
    QFETCH(QString, reference);
    const bool singleFile = QString(QTest::currentDataTag()).contains("single file");
    core::EngineSettings settings;
    settings.modelPath = test::goldenPath(singleFile ? "tiny/single_file.safetensors" : "tiny/model");
    settings.tokenizerPath = test::goldenPath("tiny/model/tokenizer");
    settings.loras.push_back({test::goldenPath(file.toStdString()), multiplier});
    auto model = core::StableDiffusionModel::load(settings, core::ComputeContext(at::kCPU, at::kFloat));
    const std::string name = reference.toStdString();
    const std::string timestep = name.substr(name.find(".t") + 2, name.rfind(".out") - name.find(".t") - 2);
    core::SafeTensorsFile expected(test::goldenPath("tiny/lora_reference.safetensors"));
    FR2R_COMPARE_TENSOR(name, unetOutput(*model, timestep), expected.load(name), 1e-4);
}

void TestLora::reportsUnmatchedModules()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath("stray.safetensors").toStdString();
    core::writeSafeTensors(path, {{"unet.no_such_block.to_q.lora_A.weight", torch::zeros({4, 32})},
                                  {"unet.no_such_block.to_q.lora_B.weight", torch::zeros({32, 4})}});
    core::EngineSettings settings;
    settings.modelPath = test::goldenPath("tiny/model");
    settings.loras.push_back({path, 1.0});
    try {
        core::StableDiffusionModel::load(settings, core::ComputeContext(at::kCPU, at::kFloat));
        QFAIL("a LoRA for modules the model lacks must be refused");
    } catch (const ModelFormatError& error) {
        QVERIFY2(std::string(error.what()).find("no_such_block") != std::string::npos, error.what());
    }
}

QTEST_GUILESS_MAIN(TestLora)
#include "TestLora.moc"
