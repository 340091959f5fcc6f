#include "core/training/DkiTrainer.h"

#include "core/api/Error.h"
#include "core/diffusion/StableDiffusionModel.h"
#include "core/io/ImageTensor.h"
#include "core/io/TextualInversionFile.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <algorithm>

namespace fr2r::core {
namespace {

// SplitMix64: decorrelates the generators of neighbouring (seed, step) pairs.
uint64_t mix(uint64_t value)
{
    value += 0x9e3779b97f4a7c15ULL;
    value = (value ^ (value >> 30)) * 0xbf58476d1ce4e5b9ULL;
    value = (value ^ (value >> 27)) * 0x94d049bb133111ebULL;
    return value ^ (value >> 31);
}

at::Generator stepGenerator(uint64_t seed, int64_t step)
{
    return at::make_generator<at::CPUGeneratorImpl>(mix(mix(seed) ^ static_cast<uint64_t>(step)));
}

at::Tensor examplePixels(const std::vector<TrainingExample>& examples, int64_t resolution)
{
    if (examples.empty())
        throw InvalidArgumentError("training: no images to train on");
    std::vector<ImageBuffer> images;
    for (const auto& example : examples) {
        if (example.image.width != resolution || example.image.height != resolution)
            throw InvalidArgumentError("training: an image is " + std::to_string(example.image.width) + "x" +
                                       std::to_string(example.image.height) + ", not the resolution " +
                                       std::to_string(resolution) + " square");
        images.push_back(example.image);
    }
    return imagesToTensor(images) * 2.0 - 1.0; // [N, 3, R, R] in [-1, 1]
}

// The learned token's name and vector count (its values live in EmbeddingRows).
TextualInversion placeholder(const TrainingSettings& settings)
{
    return TextualInversion{settings.placeholderToken, torch::zeros({settings.vectors, 1})};
}

// The UNet is the inference model's: checkpointing ends with the run, however it ends.
class CheckpointingScope
{
public:
    CheckpointingScope(UNet2DConditionModelImpl& unet, bool on)
        : m_unet(unet)
    {
        m_unet.setGradientCheckpointing(on);
    }
    ~CheckpointingScope() { m_unet.setGradientCheckpointing(false); }
    CheckpointingScope(const CheckpointingScope&) = delete;
    CheckpointingScope& operator=(const CheckpointingScope&) = delete;

private:
    UNet2DConditionModelImpl& m_unet;
};

} // namespace

DkiTrainer::DkiTrainer(StableDiffusionModel& model, TrainingSettings settings, std::vector<TrainingExample> examples,
                       std::string checkpointFolder)
    : m_model(model)
    , m_settings(std::move(settings))
    , m_pixels(examplePixels(examples, m_settings.resolution))
    , m_exampleCount(m_pixels.size(0))
    , m_checkpoint(std::move(checkpointFolder))
    , m_objective(model)
{
    m_settings.validate();
    std::vector<at::Tensor> parameters;
    if (m_settings.stage == TrainingStage::Lora) {
        m_lora.emplace(*model.unet(), LoraOptions{m_settings.rank, m_settings.alpha}, stepGenerator(m_settings.seed, -1));
        parameters = m_lora->parameters();
        for (const auto& [name, matrix] : m_lora->namedMatrices())
            m_names.push_back(name);
    } else {
        addEmbeddingToken();
        parameters = {m_rows->rows()};
        m_names = {m_settings.placeholderToken};
    }
    tokenizeCaptions(examples);
    m_optimizer = std::make_unique<torch::optim::AdamW>(
        parameters, torch::optim::AdamWOptions(m_settings.learningRate).weight_decay(m_settings.weightDecay));
}

DkiTrainer::~DkiTrainer() = default;

// The placeholder's n tokens join the tokenizer as diffusers expands them; their rows start as the initializer's.
void DkiTrainer::addEmbeddingToken()
{
    const int64_t end = m_model.tokenizer().encode("").at(1);
    const auto ids = m_model.tokenizer().encode(m_settings.initializerToken); // start, token, end, ...
    if (ids.size() < 3 || ids[2] != end)
        throw InvalidArgumentError("training: the initializer '" + m_settings.initializerToken + "' must be one token");
    const TextualInversion token = placeholder(m_settings);
    int64_t firstId = -1;
    for (const auto& name : token.expandedTokens()) {
        const int64_t id = m_model.tokenizer().addToken(name);
        firstId = firstId < 0 ? id : firstId;
    }
    const at::Tensor table = m_model.textEncoder()->named_parameters()["embeddings.token_embedding.weight"];
    m_rows.emplace(m_model.textEncoder(), table.detach()[ids[1]].repeat({m_settings.vectors, 1}));
    if (m_rows->firstId() != firstId)
        throw ModelFormatError("training: the tokenizer's vocabulary (" + std::to_string(firstId) + " tokens) does not "
                               "match the text encoder's embedding table (" + std::to_string(m_rows->firstId()) + " rows)");
}

void DkiTrainer::tokenizeCaptions(const std::vector<TrainingExample>& examples)
{
    const TextualInversion token = placeholder(m_settings);
    for (const auto& example : examples) {
        const std::string text = m_rows ? token.expandPrompt(example.caption + " " + m_settings.placeholderToken)
                                        : example.caption;
        m_captionIds.push_back(m_model.tokenizer().encode(text));
    }
}

std::string DkiTrainer::placeholderPrompt() const
{
    if (!m_rows)
        return {};
    return placeholder(m_settings).expandPrompt(m_settings.placeholderToken);
}

double DkiTrainer::measureStep()
{
    const CheckpointingScope checkpointing(*m_model.unet(), m_settings.gradientCheckpointing);
    return trainStep(m_state.step); // encodes its images: a cached step costs a little less
}

void DkiTrainer::run(const TrainingProgressCallback& progress, const StopFlag* stop)
{
    if (m_checkpoint.exists())
        m_state = m_checkpoint.load(m_settings, m_names, *m_optimizer);
    if (m_settings.cacheLatents && !m_latentCache && m_state.step < m_settings.steps) {
        m_latentCache.emplace(m_objective, m_pixels);
        m_pixels = at::Tensor();
    }
    const CheckpointingScope checkpointing(*m_model.unet(), m_settings.gradientCheckpointing);
    while (m_state.step < m_settings.steps) {
        if (stop && stop->load())
            throw Cancelled();
        const double loss = trainStep(m_state.step);
        m_state.losses.push_back(loss);
        ++m_state.step;
        if (m_state.step % m_settings.checkpointEvery == 0 || m_state.step == m_settings.steps)
            saveCheckpoint();
        if (progress)
            progress({m_settings.stage, m_state.step, m_settings.steps, loss});
    }
    if (m_rows)
        m_rows->restore(); // the encoder's table holds the learned rows from now on
}

// One optimizer step over gradientAccumulation micro-batches; returns their mean loss.
double DkiTrainer::trainStep(int64_t step)
{
    torch::AutoGradMode gradients(true);
    setLearningRate(step);
    m_optimizer->zero_grad();
    at::Generator generator = stepGenerator(m_settings.seed, step);
    double total = 0.0;
    for (int64_t micro = 0; micro < m_settings.gradientAccumulation; ++micro) {
        applyTrainables();
        const at::Tensor loss = microBatchLoss(generator) / static_cast<double>(m_settings.gradientAccumulation);
        loss.backward();
        total += loss.item<double>();
    }
    restoreTrainables();
    m_optimizer->step();
    return total;
}

void DkiTrainer::setLearningRate(int64_t step)
{
    const double warmup = m_settings.warmupSteps > 0
        ? std::min(1.0, static_cast<double>(step + 1) / static_cast<double>(m_settings.warmupSteps))
        : 1.0;
    for (auto& group : m_optimizer->param_groups())
        static_cast<torch::optim::AdamWOptions&>(group.options()).lr(m_settings.learningRate * warmup);
}

// Draws, in this order: the examples, their flips, the VAE sample, the noise and the timesteps.
at::Tensor DkiTrainer::microBatchLoss(at::Generator& generator)
{
    const int64_t batch = m_settings.batchSize;
    const at::Tensor indices = torch::randint(m_exampleCount, {batch}, generator, torch::kLong);
    const at::Tensor flips = torch::rand({batch}, generator) < 0.5;
    const LatentDistribution distribution = latentDistribution(indices, flips);
    const int64_t side = m_settings.resolution / m_model.vae()->downscaleFactor();
    const int64_t channels = m_model.vae()->config().latentChannels;
    const at::Tensor eps = torch::randn({batch, channels, side, side}, generator);
    const at::Tensor noise = torch::randn({batch, channels, side, side}, generator);
    const at::Tensor timesteps = torch::randint(m_objective.trainTimesteps(), {batch}, generator, torch::kLong);
    const at::Tensor latents = m_objective.sample(distribution, eps);
    return m_objective.loss(latents, noise.to(latents.options()), timesteps, encodeCaptions(indices));
}

LatentDistribution DkiTrainer::latentDistribution(const at::Tensor& indices, const at::Tensor& flips) const
{
    if (m_latentCache)
        return m_latentCache->select(indices, flips);
    const at::Tensor images = m_pixels.index_select(0, indices);
    return m_objective.distribution(torch::where(flips.view({-1, 1, 1, 1}), images.flip({3}), images));
}

// The text encoder's output for the captions; it carries gradients only to textual inversion's rows.
at::Tensor DkiTrainer::encodeCaptions(const at::Tensor& indices)
{
    std::vector<at::Tensor> rows;
    for (int64_t i = 0; i < indices.size(0); ++i)
        rows.push_back(torch::tensor(m_captionIds.at(indices[i].item<int64_t>()), torch::kLong));
    const at::Tensor ids = torch::stack(rows).to(m_model.context().device()); // [B, 77]
    torch::AutoGradMode gradients(m_rows.has_value());
    return m_model.textEncoder()->forward(ids).lastHiddenState;
}

void DkiTrainer::applyTrainables()
{
    if (m_lora)
        m_lora->apply();
    if (m_rows)
        m_rows->apply();
}

void DkiTrainer::restoreTrainables()
{
    if (m_lora)
        m_lora->restore();
}

void DkiTrainer::saveCheckpoint() const
{
    m_checkpoint.save(m_settings, m_state, m_names, *m_optimizer);
}

} // namespace fr2r::core
