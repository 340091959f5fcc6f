// Gradient checkpointing of the UNet's blocks on the tiny golden model: one LoRA step and one textual-inversion
// step give the loss and gradients of the plain graph, and the graph really holds the checkpoints.
#include "TestConfig.h"

#include "core/diffusion/StableDiffusionModel.h"
#include "core/training/EmbeddingRows.h"
#include "core/training/LoraLayers.h"
#include "core/training/NoisePredictionObjective.h"
#include "support/TensorCompare.h"

#include <QtTest>

#include <ATen/CPUGeneratorImpl.h>
#include <torch/csrc/autograd/function.h>
#include <torch/torch.h>

#include <set>

using namespace fr2r;

namespace {

// The forward recomputes the same kernels, so the loss is bitwise equal. The gradients are not: a block's input
// gradient is summed inside the block first and then with what reaches the input from outside (a skip
// connection), an order the plain graph does not take, and float32 addition does not associate. Measured on
// the tiny model: 2.1e-6 (LoRA) and 3.1e-7 (textual inversion), relative in the Frobenius norm.
constexpr double kRelativeTolerance = 1e-5;

struct Step
{
    at::Tensor loss;
    std::vector<at::Tensor> gradients;
    bool checkpointed = false; // the graph holds a GradientCheckpointBackward node
};

std::unique_ptr<core::StableDiffusionModel> tinyModel(bool checkpointing)
{
    core::EngineSettings settings;
    settings.modelPath = test::goldenPath("tiny/model");
    settings.tokenizerPath = test::goldenPath("tiny/model/tokenizer");
    auto model = core::StableDiffusionModel::load(settings, core::ComputeContext(at::kCPU, at::kFloat));
    model->unet()->setGradientCheckpointing(checkpointing);
    return model;
}

bool holdsCheckpoint(const at::Tensor& output)
{
    std::vector<std::shared_ptr<torch::autograd::Node>> pending{output.grad_fn()};
    std::set<torch::autograd::Node*> seen;
    while (!pending.empty()) {
        const auto node = pending.back();
        pending.pop_back();
        if (!node || !seen.insert(node.get()).second)
            continue;
        if (node->name() == "GradientCheckpointBackward")
            return true;
        for (const auto& edge : node->next_edges())
            pending.push_back(edge.function);
    }
    return false;
}

// The loss of random latents, noise and a fixed timestep with context; backward fills the gradients.
at::Tensor stepLoss(core::StableDiffusionModel& model, const at::Tensor& context)
{
    at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(11);
    const int64_t channels = model.unet()->config().inChannels;
    const at::Tensor latents = torch::randn({1, channels, 16, 16}, generator);
    const at::Tensor noise = torch::randn({1, channels, 16, 16}, generator);
    return core::NoisePredictionObjective(model).loss(latents, noise, torch::tensor({500}, torch::kLong), context);
}

at::Tensor captionIds(core::StableDiffusionModel& model)
{
    return torch::tensor(model.tokenizer().encode("a photo of a dress"), torch::kLong).view({1, -1});
}

Step loraStep(bool checkpointing)
{
    auto model = tinyModel(checkpointing);
    core::LoraLayers lora(*model->unet(), {}, at::make_generator<at::CPUGeneratorImpl>(3));
    {
        torch::NoGradGuard noGrad; // B non-zero, so that A's gradients are not zero either
        at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(4);
        for (auto& matrix : lora.parameters())
            matrix.uniform_(-0.2, 0.2, generator);
    }
    at::Tensor context;
    {
        torch::NoGradGuard frozenText;
        context = model->textEncoder()->forward(captionIds(*model)).lastHiddenState;
    }
    torch::AutoGradMode gradients(true);
    lora.apply();
    Step step{stepLoss(*model, context), {}, false};
    step.checkpointed = holdsCheckpoint(step.loss);
    step.loss.backward();
    lora.restore();
    for (const auto& matrix : lora.parameters())
        step.gradients.push_back(matrix.grad().clone());
    return step;
}

Step embeddingStep(bool checkpointing)
{
    auto model = tinyModel(checkpointing);
    const at::Tensor table = model->textEncoder()->named_parameters()["embeddings.token_embedding.weight"].detach();
    core::EmbeddingRows rows(model->textEncoder(), table.narrow(0, 300, 2).clone());
    at::Tensor ids = captionIds(*model);
    ids[0][2] = rows.firstId(); // "a <new0> <new1> of a dress"
    ids[0][3] = rows.firstId() + 1;
    torch::AutoGradMode gradients(true);
    rows.apply();
    Step step{stepLoss(*model, model->textEncoder()->forward(ids).lastHiddenState), {}, false};
    step.checkpointed = holdsCheckpoint(step.loss);
    step.loss.backward();
    rows.restore();
    step.gradients.push_back(rows.rows().grad().clone());
    return step;
}

// |actual - expected| / |expected| in the Frobenius norm.
double relativeError(const at::Tensor& actual, const at::Tensor& expected)
{
    return (actual - expected).norm().item<double>() / expected.norm().item<double>();
}

void compareSteps(const Step& checkpointed, const Step& plain)
{
    QVERIFY(checkpointed.checkpointed);
    QVERIFY(!plain.checkpointed);
    QVERIFY(torch::equal(checkpointed.loss, plain.loss));
    double worst = 0.0;
    QCOMPARE(checkpointed.gradients.size(), plain.gradients.size());
    for (size_t i = 0; i < plain.gradients.size(); ++i) {
        QVERIFY(plain.gradients[i].abs().max().item<double>() > 0.0);
        worst = std::max(worst, relativeError(checkpointed.gradients[i], plain.gradients[i]));
    }
    qInfo("largest relative difference of a gradient: %g", worst);
    QVERIFY2(worst <= kRelativeTolerance, qPrintable(QString::number(worst)));
}

} // namespace

class TestGradientCheckpointing : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { FR2R_SKIP_WITHOUT_GOLDEN(); }
    void loraStepEqualsThePlainGraph() { compareSteps(loraStep(true), loraStep(false)); }
    void embeddingStepEqualsThePlainGraph() { compareSteps(embeddingStep(true), embeddingStep(false)); }
    void inferenceIsNotCheckpointed();
};

void TestGradientCheckpointing::inferenceIsNotCheckpointed()
{
    auto model = tinyModel(true);
    torch::NoGradGuard noGrad;
    const at::Tensor context = model->textEncoder()->forward(captionIds(*model)).lastHiddenState;
    const at::Tensor prediction = stepLoss(*model, context);
    QVERIFY(!prediction.requires_grad());
    QVERIFY(!prediction.grad_fn());
}

QTEST_GUILESS_MAIN(TestGradientCheckpointing)
#include "TestGradientCheckpointing.moc"
