#include "TestConfig.h"
#include "core/api/Error.h"
#include "core/diffusion/DdimScheduler.h"
#include "core/io/SafeTensorsFile.h"
#include "support/TensorCompare.h"

#include <QtTest>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <fstream>
#include <memory>

using fr2r::core::DdimScheduler;
using fr2r::core::DdimSchedulerConfig;
using Timesteps = std::vector<int64_t>;

Q_DECLARE_METATYPE(std::string)

namespace {

constexpr double kComponentTolerance = 1e-4; // golden README: components

Timesteps toVector(const at::Tensor& tensor)
{
    const at::Tensor ids = tensor.to(at::kLong).contiguous();
    return Timesteps(ids.data_ptr<int64_t>(), ids.data_ptr<int64_t>() + ids.numel());
}

nlohmann::json readJson(const std::string& path)
{
    std::ifstream file(path);
    return nlohmann::json::parse(file);
}

} // namespace

class TestDdimScheduler : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void matchesGoldenAlphas();
    void matchesGoldenTimesteps_data();
    void matchesGoldenTimesteps();
    void matchesGoldenStep();
    void matchesGoldenInverseStep();
    void keepsLatentDtype_data();
    void keepsLatentDtype();
    void givesPipelineGenerationTimesteps_data();
    void givesPipelineGenerationTimesteps();
    void readsSchedulerConfig();
    void refusesUnsupportedConfigs_data();
    void refusesUnsupportedConfigs();
    void refusesBadArguments();

private:
    std::unique_ptr<fr2r::core::SafeTensorsFile> m_reference;
    std::unique_ptr<DdimScheduler> m_scheduler;
};

void TestDdimScheduler::initTestCase()
{
    FR2R_SKIP_WITHOUT_GOLDEN();
    m_reference = std::make_unique<fr2r::core::SafeTensorsFile>(fr2r::test::goldenPath("tiny/reference.safetensors"));
    const auto config = readJson(fr2r::test::goldenPath("tiny/model/scheduler/scheduler_config.json"));
    m_scheduler = std::make_unique<DdimScheduler>(DdimSchedulerConfig::fromJson(config));
}

void TestDdimScheduler::matchesGoldenAlphas()
{
    const at::Tensor& alphas = m_scheduler->alphasCumprod();
    QCOMPARE(alphas.scalar_type(), at::kDouble);
    FR2R_COMPARE_TENSOR("ddim.alphas_cumprod", alphas, m_reference->load("ddim.alphas_cumprod"), kComponentTolerance);
    FR2R_COMPARE_TENSOR("sd15 defaults", DdimScheduler().alphasCumprod(), alphas, 1e-15);
}

void TestDdimScheduler::matchesGoldenTimesteps_data()
{
    QTest::addColumn<int>("steps");
    QTest::addColumn<std::string>("key");
    QTest::addColumn<bool>("ascending");
    QTest::newRow("50") << 50 << std::string("ddim.timesteps_50") << false;
    QTest::newRow("20") << 20 << std::string("ddim.timesteps_20") << false;
    QTest::newRow("7") << 7 << std::string("ddim.timesteps_7") << false;
    QTest::newRow("inverse 20") << 20 << std::string("ddim_inverse.timesteps_20") << true;
}

void TestDdimScheduler::matchesGoldenTimesteps()
{
    QFETCH(int, steps);
    QFETCH(std::string, key);
    QFETCH(bool, ascending);
    Timesteps expected = toVector(m_reference->load(key));
    if (ascending)
        std::reverse(expected.begin(), expected.end());
    for (int run = 0; run < 3; ++run)
        QCOMPARE(m_scheduler->timesteps(steps), expected);
}

void TestDdimScheduler::matchesGoldenStep()
{
    const int64_t t = m_reference->load("ddim.step.t").item<int64_t>();
    const at::Tensor eps = m_reference->load("ddim.step.eps");
    const at::Tensor sample = m_reference->load("ddim.step.sample");
    const at::Tensor expected = m_reference->load("ddim.step.prev");
    for (int run = 0; run < 3; ++run)
        FR2R_COMPARE_TENSOR("ddim.step.prev", m_scheduler->step(eps, t, sample, 20), expected, kComponentTolerance);
}

void TestDdimScheduler::matchesGoldenInverseStep()
{
    // The RIG reference's inversion step; diffusers' DDIMInverseScheduler computed the golden.
    const int64_t t = m_reference->load("ddim_inverse.step.t").item<int64_t>();
    const at::Tensor eps = m_reference->load("ddim.step.eps");
    const at::Tensor sample = m_reference->load("ddim.step.sample");
    const at::Tensor expected = m_reference->load("ddim_inverse.step.next");
    for (int run = 0; run < 3; ++run) {
        FR2R_COMPARE_TENSOR("ddim_inverse.step.next", m_scheduler->inverseStep(eps, t, sample, 20), expected,
                            kComponentTolerance);
    }
    // Inversion followed by the DDIM step back is the identity (eps held fixed).
    const at::Tensor inverted = m_scheduler->inverseStep(eps, t, sample, 20);
    FR2R_COMPARE_TENSOR("round trip", m_scheduler->step(eps, t, inverted, 20), sample, 1e-5);
}

void TestDdimScheduler::keepsLatentDtype_data()
{
    QTest::addColumn<int>("dtype");
    QTest::addColumn<double>("tolerance");
    QTest::newRow("float64") << static_cast<int>(at::kDouble) << kComponentTolerance;
    QTest::newRow("float16") << static_cast<int>(at::kHalf) << 1e-2;
    QTest::newRow("bfloat16") << static_cast<int>(at::kBFloat16) << 5e-2;
}

void TestDdimScheduler::keepsLatentDtype()
{
    QFETCH(int, dtype);
    QFETCH(double, tolerance);
    const auto type = static_cast<at::ScalarType>(dtype);
    const at::Tensor eps = m_reference->load("ddim.step.eps").to(type);
    const at::Tensor sample = m_reference->load("ddim.step.sample").to(type);
    const at::Tensor prev = m_scheduler->step(eps, 801, sample, 20);
    QCOMPARE(prev.scalar_type(), type);
    FR2R_COMPARE_TENSOR("ddim.step.prev", prev, m_reference->load("ddim.step.prev"), tolerance);
    const at::Tensor next = m_scheduler->inverseStep(eps, 151, sample, 20);
    QCOMPARE(next.scalar_type(), type);
    FR2R_COMPARE_TENSOR("ddim_inverse.step.next", next, m_reference->load("ddim_inverse.step.next"), tolerance);
}

void TestDdimScheduler::givesPipelineGenerationTimesteps_data()
{
    QTest::addColumn<int>("steps");
    QTest::addColumn<double>("strength");
    QTest::addColumn<Timesteps>("generation");
    const auto cases = readJson(fr2r::test::goldenPath("tiny/pipeline_cases.json")).at("cases");
    for (const auto& item : cases) {
        QTest::newRow(item.at("name").get<std::string>().c_str())
            << item.at("steps").get<int>() << item.at("strength").get<double>()
            << item.at("generation_timesteps").get<Timesteps>();
    }
}

void TestDdimScheduler::givesPipelineGenerationTimesteps()
{
    QFETCH(int, steps);
    QFETCH(double, strength);
    QFETCH(Timesteps, generation);
    const auto all = m_scheduler->timesteps(steps);
    const auto count = static_cast<size_t>(steps * strength); // int(N * s) in double, as Python
    QVERIFY(count <= all.size());
    QCOMPARE(Timesteps(all.end() - static_cast<std::ptrdiff_t>(count), all.end()), generation);
}

void TestDdimScheduler::readsSchedulerConfig()
{
    const auto config = DdimSchedulerConfig::fromJson(
        readJson(fr2r::test::goldenPath("tiny/model/scheduler/scheduler_config.json")));
    const auto sd15 = DdimSchedulerConfig::sd15();
    QCOMPARE(config.numTrainTimesteps, sd15.numTrainTimesteps);
    QCOMPARE(config.betaStart, sd15.betaStart);
    QCOMPARE(config.betaEnd, sd15.betaEnd);
    QCOMPARE(config.betaSchedule, sd15.betaSchedule);
    QCOMPARE(config.stepsOffset, sd15.stepsOffset);
    QCOMPARE(config.setAlphaToOne, sd15.setAlphaToOne);
    QCOMPARE(config.timestepSpacing, sd15.timestepSpacing);
    QCOMPARE(config.predictionType, sd15.predictionType);

    // Absent keys take diffusers' DDIMScheduler defaults.
    const auto defaults = DdimSchedulerConfig::fromJson(nlohmann::json::object());
    QCOMPARE(defaults.betaSchedule, std::string("linear"));
    QCOMPARE(defaults.stepsOffset, int64_t(0));
    QVERIFY(defaults.setAlphaToOne);
    // set_alpha_to_one: the last DDIM step lands on alpha 1, i.e. the predicted x0.
    const DdimScheduler toOne(defaults);
    const at::Tensor sample = torch::ones({1, 4, 2, 2}), eps = torch::full({1, 4, 2, 2}, 0.5);
    const double a = toOne.alphasCumprod()[0].item<double>();
    const at::Tensor x0 = (sample - std::sqrt(1 - a) * eps) / std::sqrt(a);
    FR2R_COMPARE_TENSOR("final step", toOne.step(eps, 0, sample, 10), x0, 1e-6);
}

void TestDdimScheduler::refusesUnsupportedConfigs_data()
{
    QTest::addColumn<std::string>("json");
    QTest::addColumn<bool>("formatError");
    QTest::newRow("v prediction") << std::string(R"({"prediction_type": "v_prediction"})") << false;
    QTest::newRow("cosine betas") << std::string(R"({"beta_schedule": "squaredcos_cap_v2"})") << false;
    QTest::newRow("unknown spacing") << std::string(R"({"timestep_spacing": "random"})") << false;
    QTest::newRow("trained betas") << std::string(R"({"trained_betas": [0.1, 0.2]})") << false;
    QTest::newRow("thresholding") << std::string(R"({"thresholding": true})") << false;
    QTest::newRow("no timesteps") << std::string(R"({"num_train_timesteps": 0})") << false;
    QTest::newRow("billions of timesteps") << std::string(R"({"num_train_timesteps": 4000000000})") << false;
    QTest::newRow("wrong type") << std::string(R"({"beta_start": "small"})") << true;
    QTest::newRow("not an object") << std::string("[1]") << true;
}

void TestDdimScheduler::refusesUnsupportedConfigs()
{
    QFETCH(std::string, json);
    QFETCH(bool, formatError);
    const auto parsed = nlohmann::json::parse(json);
    if (formatError)
        QVERIFY_THROWS_EXCEPTION(fr2r::ModelFormatError, DdimSchedulerConfig::fromJson(parsed));
    else
        QVERIFY_THROWS_EXCEPTION(fr2r::InvalidArgumentError, DdimSchedulerConfig::fromJson(parsed));
}

void TestDdimScheduler::refusesBadArguments()
{
    const at::Tensor x = torch::zeros({1, 4, 2, 2});
    QVERIFY_THROWS_EXCEPTION(fr2r::InvalidArgumentError, m_scheduler->timesteps(0));
    QVERIFY_THROWS_EXCEPTION(fr2r::InvalidArgumentError, m_scheduler->timesteps(1001));
    QVERIFY_THROWS_EXCEPTION(fr2r::InvalidArgumentError, m_scheduler->step(x, 1000, x, 10));
    QVERIFY_THROWS_EXCEPTION(fr2r::InvalidArgumentError, m_scheduler->inverseStep(x, -1, x, 10));
}

QTEST_GUILESS_MAIN(TestDdimScheduler)
#include "TestDdimScheduler.moc"
