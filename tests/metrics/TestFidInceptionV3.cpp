#include "TestConfig.h"
#include "core/api/Error.h"
#include "core/io/SafeTensorsFile.h"
#include "metrics/FidInceptionV3.h"
#include "support/TensorCompare.h"

#include <QtTest>

#include <torch/torch.h>

#include <set>

using fr2r::metrics::FidInceptionV3;

namespace {

const std::string kWeights = std::string(FR2R_METRICS_WEIGHTS_DIR) + "/fid_inception.safetensors";
constexpr double kTolerance = 1e-4;

} // namespace

class TestFidInceptionV3 : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void stateNamesAreTheFileKeys();
    void matchesReference();
    void rejectsNonImageInput();
    void missingFileSaysWhatIsNeeded();

private:
    FidInceptionV3 m_inception{nullptr};
};

void TestFidInceptionV3::initTestCase()
{
    FR2R_SKIP_WITHOUT_GOLDEN();
    m_inception = FidInceptionV3::load(kWeights);
}

void TestFidInceptionV3::stateNamesAreTheFileKeys()
{
    const fr2r::core::SafeTensorsFile file(kWeights);
    std::set<std::string> fileKeys;
    for (const auto& info : file.tensors())
        fileKeys.insert(info.name);
    std::set<std::string> moduleKeys;
    for (const auto& item : m_inception->named_parameters())
        moduleKeys.insert(item.key());
    for (const auto& item : m_inception->named_buffers()) {
        if (item.key().find("num_batches_tracked") == std::string::npos)
            moduleKeys.insert(item.key());
    }
    QCOMPARE(moduleKeys, fileKeys);
    QVERIFY(!m_inception->is_training());
}

void TestFidInceptionV3::matchesReference()
{
    const fr2r::core::SafeTensorsFile reference(fr2r::test::goldenPath("metrics/metrics_reference.safetensors"));
    const auto images = reference.load("inception.images");
    const auto expected = reference.load("inception.pool3");
    // Three runs: the result must not depend on state left by an earlier call.
    for (int run = 0; run < 3; ++run)
        FR2R_COMPARE_TENSOR("inception.pool3", m_inception->features(images), expected, kTolerance);
}

void TestFidInceptionV3::rejectsNonImageInput()
{
    QVERIFY_THROWS_EXCEPTION(fr2r::InvalidArgumentError, m_inception->features(torch::zeros({2, 1, 32, 32})));
    QVERIFY_THROWS_EXCEPTION(fr2r::InvalidArgumentError, m_inception->features(torch::zeros({3, 32, 32})));
}

void TestFidInceptionV3::missingFileSaysWhatIsNeeded()
{
    try {
        FidInceptionV3::load("/nonexistent/fid_inception.safetensors");
        QFAIL("no error for a missing file");
    } catch (const fr2r::ModelFormatError& error) {
        const std::string message = error.what();
        QVERIFY2(message.find("(fid_inception.safetensors) not found at /nonexistent/fid_inception.safetensors")
                     != std::string::npos, error.what());
    }
}

QTEST_GUILESS_MAIN(TestFidInceptionV3)
#include "TestFidInceptionV3.moc"
