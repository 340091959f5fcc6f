#include "GoldenPipeline.h"
#include "TestConfig.h"

#include "core/api/Error.h"
#include "core/io/SafeTensorsFile.h"
#include "core/model/Lora.h"
#include "support/TensorCompare.h"

#include <QTemporaryDir>
#include <QtTest>

#include <torch/torch.h>

#include <limits>

using namespace fr2r;

using Tensors = std::vector<std::pair<std::string, at::Tensor>>;
Q_DECLARE_METATYPE(Tensors)

// LoRA merging through the whole model loader, against golden/tiny/lora_reference.safetensors.
class TestLora : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { FR2R_SKIP_WITHOUT_GOLDEN(); }
    void reproducesReference_data();
    void reproducesReference();
    void reportsUnmatchedModules();
    void refusesBrokenMatrices_data();
    void refusesBrokenMatrices();

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

void TestLora::refusesBrokenMatrices_data()
{
    const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
    const std::string peft = "unet.down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_q.";
    const std::string kohya = "lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn1_to_q.";
    QTest::addColumn<Tensors>("tensors");
    QTest::addColumn<QString>("phrase");
    QTest::newRow("rank 0") << Tensors{{peft + "lora_A.weight", torch::zeros({0, 32})},
                                       {peft + "lora_B.weight", torch::zeros({32, 0})}}
                            << "rank 0";
    QTest::newRow("one-dimensional down") << Tensors{{peft + "lora_A.weight", torch::zeros({32})},
                                                     {peft + "lora_B.weight", torch::zeros({32, 1})}}
                                          << "must have 2 or 4 dimensions";
    QTest::newRow("scalar up") << Tensors{{peft + "lora_A.weight", torch::zeros({1, 32})},
                                          {peft + "lora_B.weight", torch::tensor(1.0)}}
                               << "must have 2 or 4 dimensions";
    QTest::newRow("ranks differ") << Tensors{{peft + "lora_A.weight", torch::zeros({4, 32})},
                                             {peft + "lora_B.weight", torch::zeros({32, 2})}}
                                  << "the up matrix's rank 2 differs from the down matrix's 4";
    QTest::newRow("in differs") << Tensors{{peft + "lora_A.weight", torch::zeros({4, 16})},
                                           {peft + "lora_B.weight", torch::zeros({32, 4})}}
                                << "in 16 != 32";
    QTest::newRow("out differs") << Tensors{{peft + "lora_A.weight", torch::zeros({4, 32})},
                                            {peft + "lora_B.weight", torch::zeros({64, 4})}}
                                 << "out 64 != 32";
    QTest::newRow("NaN") << Tensors{{peft + "lora_A.weight", torch::full({1, 32}, 0.1).index_fill(1, torch::tensor({3}), nan)},
                                    {peft + "lora_B.weight", torch::zeros({32, 1})}}
                         << "tensor '" + QString::fromStdString(peft) + "lora_A.weight' holds NaN or infinite values";
    QTest::newRow("infinity") << Tensors{{peft + "lora_A.weight", torch::zeros({1, 32})},
                                         {peft + "lora_B.weight", torch::full({32, 1}, inf)}}
                              << "lora_B.weight' holds NaN or infinite values";
    QTest::newRow("infinite alpha") << Tensors{{kohya + "lora_down.weight", torch::zeros({1, 32})},
                                               {kohya + "lora_up.weight", torch::zeros({32, 1})},
                                               {kohya + "alpha", torch::tensor(inf)}}
                                    << "alpha' holds NaN or infinite values";
}

// Each file is refused by name before anything is merged (rank 0 used to divide by zero: SIGFPE).
void TestLora::refusesBrokenMatrices()
{
    QFETCH(Tensors, tensors);
    QFETCH(QString, phrase);
    QTemporaryDir dir;
    const std::string path = dir.filePath("broken.safetensors").toStdString();
    core::writeSafeTensors(path, tensors);
    core::EngineSettings settings;
    settings.modelPath = test::goldenPath("tiny/model");
    settings.loras.push_back({path, 1.0});
    try {
        core::StableDiffusionModel::load(settings, core::ComputeContext(at::kCPU, at::kFloat));
        QFAIL("a broken LoRA was accepted");
    } catch (const ModelFormatError& error) {
        const QString message = QString::fromUtf8(error.what());
        QVERIFY2(message.startsWith(QString::fromStdString(path)), qPrintable(message));
        QVERIFY2(message.contains(phrase), qPrintable("'" + phrase + "' not in: " + message));
    }
}

QTEST_GUILESS_MAIN(TestLora)
#include "TestLora.moc"
