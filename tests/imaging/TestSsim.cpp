#include "TestConfig.h"
#include "core/api/Error.h"
#include "core/io/SafeTensorsFile.h"
#include "imaging/Ssim.h"
#include "support/TensorCompare.h"

#include <QtTest>
#include <cstring>
#include <opencv2/imgproc.hpp>
#include <torch/torch.h>

using fr2r::ImageBuffer;
using fr2r::imaging::ssim;

namespace {

constexpr double kTolerance = 1e-9; // shared/golden/README.md: SSIM in float64

// Copies a uint8 [H, W, 3] RGB tensor into an image.
ImageBuffer toImage(const at::Tensor& tensor)
{
    const auto contiguous = tensor.contiguous();
    ImageBuffer image(int(tensor.size(1)), int(tensor.size(0)));
    std::memcpy(image.pixels.data(), contiguous.data_ptr<uint8_t>(), image.pixels.size());
    return image;
}

// A deterministic texture (fabric-like noise plus stripes) and its Gaussian blurs.
cv::Mat texture()
{
    cv::Mat image(64, 48, CV_8UC3);
    cv::RNG rng(1234);
    rng.fill(image, cv::RNG::UNIFORM, 0, 256);
    for (int y = 0; y < image.rows; y += 4)
        image.row(y).setTo(cv::Scalar(20, 200, 90));
    return image;
}

ImageBuffer toImage(const cv::Mat& rgb)
{
    ImageBuffer image(rgb.cols, rgb.rows);
    std::memcpy(image.pixels.data(), rgb.data, image.pixels.size());
    return image;
}

} // namespace

class TestSsim : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void matchesGoldenReference();
    void decreasesAsBlurGrows();
    void resizesRenderedToGenerated();
    void rejectsBadSizes();
};

void TestSsim::matchesGoldenReference()
{
    FR2R_SKIP_WITHOUT_GOLDEN();
    fr2r::core::SafeTensorsFile file(fr2r::test::goldenPath("metrics/metrics_reference.safetensors"));
    const ImageBuffer a = toImage(file.load("ssim.image_a"));
    const ImageBuffer b = toImage(file.load("ssim.image_b"));
    QCOMPARE(a.width, 40);
    QCOMPARE(a.height, 48);
    const double value = file.load("ssim.value").item<double>();
    const auto perChannel = file.load("ssim.per_channel");
    const double self = file.load("ssim.self").item<double>();
    for (int run = 0; run < 3; ++run) {
        const auto result = ssim(a, b);
        QVERIFY2(std::abs(result.value - value) <= kTolerance,
                 qPrintable(QString("SSIM %1, reference %2").arg(result.value, 0, 'g', 17).arg(value, 0, 'g', 17)));
        for (int c = 0; c < 3; ++c)
            QVERIFY2(std::abs(result.perChannel[size_t(c)] - perChannel[c].item<double>()) <= kTolerance,
                     qPrintable(QString("channel %1").arg(c)));
        QVERIFY(std::abs(ssim(a, a).value - self) <= kTolerance);
        if (run == 0)
            qInfo("SSIM %.17g, reference %.17g, |difference| %.3g", result.value, value,
                  std::abs(result.value - value));
    }
}

void TestSsim::decreasesAsBlurGrows()
{
    const cv::Mat original = texture();
    const ImageBuffer reference = toImage(original);
    double previous = ssim(reference, reference).value;
    QCOMPARE(previous, 1.0);
    for (double sigma : { 0.5, 1.0, 1.5, 2.5, 4.0, 8.0 }) {
        cv::Mat blurred;
        cv::GaussianBlur(original, blurred, cv::Size(0, 0), sigma);
        const double value = ssim(reference, toImage(blurred)).value;
        QVERIFY2(value < previous, qPrintable(QString("sigma %1: %2 >= %3").arg(sigma).arg(value).arg(previous)));
        previous = value;
    }
}

void TestSsim::resizesRenderedToGenerated()
{
    const cv::Mat original = texture();
    cv::Mat larger;
    cv::resize(original, larger, cv::Size(), 2.0, 2.0, cv::INTER_NEAREST);
    bool resized = false;
    const auto result = fr2r::imaging::ssimWithResize(toImage(original), toImage(larger), &resized);
    QVERIFY(resized);
    QVERIFY(std::abs(result.value - 1.0) <= kTolerance); // area-downscaling a 2x nearest upscale restores it
    fr2r::imaging::ssimWithResize(toImage(original), toImage(original), &resized);
    QVERIFY(!resized);
}

void TestSsim::rejectsBadSizes()
{
    QVERIFY_THROWS_EXCEPTION(fr2r::InvalidArgumentError, ssim(ImageBuffer(10, 20), ImageBuffer(10, 20)));
    QVERIFY_THROWS_EXCEPTION(fr2r::InvalidArgumentError, ssim(ImageBuffer(16, 16), ImageBuffer(16, 17)));
    QVERIFY_THROWS_EXCEPTION(fr2r::InvalidArgumentError, ssim(ImageBuffer(), ImageBuffer()));
}

QTEST_GUILESS_MAIN(TestSsim)
#include "TestSsim.moc"
