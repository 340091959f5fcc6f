#include "TestConfig.h"
#include "core/api/Error.h"
#include "core/io/SafeTensorsFile.h"
#include "metrics/LpipsAlex.h"
#include "support/TensorCompare.h"

#include <QTemporaryDir>
#include <QtTest>

#include <torch/torch.h>

#include <set>

using fr2r::metrics::LpipsAlex;

namespace {

const std::string kWeights = std::string(FR2R_METRICS_WEIGHTS_DIR) + "/lpips_alex.safetensors";
constexpr double kTolerance = 1e-5;

} // namespace

class TestLpipsAlex : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void parameterNamesAreTheFileKeys();
    void matchesReference();
    void symmetricAndZeroForIdenticalInputs();
    void missingFileSaysWhatIsNeeded();
    void missingKeyIsNamed();

private:
    LpipsAlex m_lpips{nullptr};
};

void TestLpipsAlex::initTestCase()
{
    FR2R_SKIP_WITHOUT_GOLDEN();
    m_lpips = LpipsAlex::load(kWeights);
}

void TestLpipsAlex::parameterNamesAreTheFileKeys()
{
    const fr2r::core::SafeTensorsFile file(kWeights);
    std::set<std::string> fileKeys;
    for (const auto& info : file.tensors())
        fileKeys.insert(info.name);
    std::set<std::string> moduleKeys;
    for (const auto& item : m_lpips->named_parameters())
        moduleKeys.insert(item.key());
    QCOMPARE(moduleKeys, fileKeys);
    QCOMPARE(m_lpips->named_parameters()["lin0.model.1.weight"].scalar_type(), at::kFloat);
}

void TestLpipsAlex::matchesReference()
{
    const fr2r::core::SafeTensorsFile reference(fr2r::test::goldenPath("metrics/metrics_reference.safetensors"));
    const auto x0 = reference.load("lpips.x0");
    const auto x1 = reference.load("lpips.x1");
    // Three runs: the result must not depend on state left by an earlier call.
    for (int run = 0; run < 3; ++run) {
        FR2R_COMPARE_TENSOR("lpips.value", m_lpips->distance(x0, x1), reference.load("lpips.value"), kTolerance);
        FR2R_COMPARE_TENSOR("lpips.per_layer", m_lpips->perLayer(x0, x1), reference.load("lpips.per_layer"), kTolerance);
        FR2R_COMPARE_TENSOR("lpips.same", m_lpips->distance(x0, x0), reference.load("lpips.same"), kTolerance);
    }
}

void TestLpipsAlex::symmetricAndZeroForIdenticalInputs()
{
    torch::manual_seed(7);
    const auto a = torch::rand({3, 3, 48, 56}) * 2 - 1;
    const auto b = (a + 0.2 * torch::randn({3, 3, 48, 56})).clamp(-1, 1);
    const auto ab = m_lpips->distance(a, b);
    QCOMPARE(ab.sizes(), (c10::IntArrayRef{3}));
    QVERIFY((ab > 0).all().item<bool>());
    QVERIFY(torch::allclose(ab, m_lpips->distance(b, a), 0, 1e-7));
    QVERIFY(torch::equal(m_lpips->distance(a, a), torch::zeros({3})));
}

void TestLpipsAlex::missingFileSaysWhatIsNeeded()
{
    try {
        LpipsAlex::load("/nonexistent/lpips_alex.safetensors");
        QFAIL("no error for a missing file");
    } catch (const fr2r::ModelFormatError& error) {
        const std::string message = error.what();
        QVERIFY2(message.find("LPIPS weights (lpips_alex.safetensors) not found at /nonexistent/lpips_alex.safetensors")
                     != std::string::npos, error.what());
        QVERIFY2(message.find("--lpips-weights") != std::string::npos, error.what());
    }
}

void TestLpipsAlex::missingKeyIsNamed()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath("partial.safetensors").toStdString();
    const fr2r::core::SafeTensorsFile file(kWeights);
    std::vector<std::pair<std::string, at::Tensor>> tensors;
    for (const auto& info : file.tensors()) {
        if (info.name != "lin4.model.1.weight")
            tensors.emplace_back(info.name, file.load(info));
    }
    fr2r::core::writeSafeTensors(path, tensors);
    try {
        LpipsAlex::load(path);
        QFAIL("no error for a missing key");
    } catch (const fr2r::ModelFormatError& error) {
        const std::string message = error.what();
        QVERIFY2(message.find(path) != std::string::npos, error.what());
        QVERIFY2(message.find("missing lin4.model.1.weight") != std::string::npos, error.what());
    }
}

QTEST_GUILESS_MAIN(TestLpipsAlex)
#include "TestLpipsAlex.moc"
