#include "TestConfig.h"
#include "core/api/Error.h"
#include "metrics/Evaluation.h"

#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>

using fr2r::ImageBuffer;
using fr2r::metrics::Evaluation;
using fr2r::core::EvaluationIo;
using fr2r::metrics::EvaluationOptions;
using fr2r::metrics::EvaluationReport;

namespace fs = std::filesystem;

Q_DECLARE_METATYPE(std::vector<std::string>)

namespace {

// The tests store images as binary PPM whatever their extension, so metrics stays free of OpenCV here too.
void writePpm(const fs::path& path, int width, int height, unsigned seed)
{
    fs::create_directories(path.parent_path());
    std::mt19937 random(seed);
    std::ofstream file(path, std::ios::binary);
    file << "P6\n" << width << " " << height << "\n255\n";
    for (int i = 0; i < width * height * 3; ++i)
        file.put(char(random() % 256));
}

ImageBuffer readPpm(const std::string& path)
{
    std::ifstream file(fs::u8path(path), std::ios::binary);
    std::string magic;
    int width = 0, height = 0, maxValue = 0;
    file >> magic >> width >> height >> maxValue;
    if (!file || magic != "P6" || width <= 0 || height <= 0)
        throw fr2r::Error(path + ": cannot read image: not a PPM");
    file.get();
    ImageBuffer image(width, height);
    file.read(reinterpret_cast<char*>(image.pixels.data()), std::streamsize(image.pixels.size()));
    if (!file)
        throw fr2r::Error(path + ": cannot read image: truncated");
    return image;
}

std::vector<std::string> listFiles(const std::string& folder)
{
    std::vector<std::string> names;
    for (const auto& entry : fs::recursive_directory_iterator(fs::u8path(folder))) {
        const auto extension = entry.path().extension().string();
        if (entry.is_regular_file() && (extension == ".png" || extension == ".jpg"))
            names.push_back(fs::relative(entry.path(), fs::u8path(folder)).generic_u8string());
    }
    std::sort(names.begin(), names.end());
    return names;
}

// Nearest-neighbour stand-in for imaging's area resize, and 1 - mean |a - b| / 255 for SSIM: the tests
// check the evaluation's bookkeeping; the metrics themselves have golden tests.
EvaluationIo testIo()
{
    EvaluationIo io;
    io.listImages = listFiles;
    io.readImage = readPpm;
    io.resizeArea = [](const ImageBuffer& image, int width, int height) {
        ImageBuffer out(width, height);
        for (int y = 0; y < height; ++y) {
            for (int x = 0; x < width; ++x) {
                for (int c = 0; c < 3; ++c)
                    out.row(y)[x * 3 + c] = image.row(y * image.height / height)[(x * image.width / width) * 3 + c];
            }
        }
        return out;
    };
    io.ssim = [](const ImageBuffer& a, const ImageBuffer& b) {
        double sum = 0;
        for (size_t i = 0; i < a.pixels.size(); ++i)
            sum += std::abs(int(a.pixels[i]) - int(b.pixels[i]));
        return 1.0 - sum / (255.0 * double(a.pixels.size()));
    };
    return io;
}

std::string weights(const char* name)
{
    return std::string(FR2R_METRICS_WEIGHTS_DIR) + "/" + name;
}

} // namespace

class TestEvaluation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { FR2R_SKIP_WITHOUT_GOLDEN(); }
    void init();
    void pairsByRelativePath_data();
    void pairsByRelativePath();
    void listsUnpairedAndUnreadable();
    void aggregatesArePerImageMeanAndStd();
    void kidUsesTheFeatureCache();
    void cancelThrows();
    void missingWeightsNameTheOption();
    void reportFiles();

private:
    EvaluationOptions options() const;

    std::unique_ptr<QTemporaryDir> m_dir;
    fs::path m_root;
};

void TestEvaluation::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_root = fs::u8path(m_dir->path().toStdString());
    writePpm(m_root / "out/a/b.png", 64, 64, 1);
    writePpm(m_root / "out/c.png", 64, 64, 2);
    writePpm(m_root / "out/only_generated.png", 64, 64, 3);
    std::ofstream(m_root / "out/broken.png") << "not an image";
    writePpm(m_root / "renders/a/b.jpg", 64, 64, 4);
    writePpm(m_root / "renders/c.jpg", 48, 56, 5); // resized to 64x64
    writePpm(m_root / "renders/only_rendered.jpg", 64, 64, 6);
    writePpm(m_root / "renders/broken.jpg", 64, 64, 7);
    for (unsigned i = 0; i < 4; ++i)
        writePpm(m_root / ("real/photo" + std::to_string(i) + ".jpg"), 72, 64, 10 + i);
}

EvaluationOptions TestEvaluation::options() const
{
    EvaluationOptions options;
    options.generatedDir = (m_root / "out").u8string();
    options.renderedDir = (m_root / "renders").u8string();
    options.device = fr2r::core::DeviceChoice::Cpu;
    options.batchSize = 2;
    options.kidSubsets = 10;
    return options;
}

void TestEvaluation::pairsByRelativePath_data()
{
    using Names = std::vector<std::string>;
    QTest::addColumn<Names>("generated");
    QTest::addColumn<Names>("rendered");
    QTest::addColumn<Names>("pairs"); // "generated|rendered"
    QTest::addColumn<Names>("unpairedGenerated");
    QTest::addColumn<Names>("unpairedRendered");
    QTest::newRow("extensions differ") << Names{"a/b.png", "c.png"} << Names{"a/b.jpg", "c.JPG"}
                                       << Names{"a/b.png|a/b.jpg", "c.png|c.JPG"} << Names{} << Names{};
    QTest::newRow("folders matter") << Names{"a/x.png"} << Names{"b/x.png", "x.png"} << Names{}
                                    << Names{"a/x.png"} << Names{"b/x.png", "x.png"};
    QTest::newRow("one each side") << Names{"g.png", "s.webp"} << Names{"r.png", "s.tif"}
                                   << Names{"s.webp|s.tif"} << Names{"g.png"} << Names{"r.png"};
    QTest::newRow("duplicate stem") << Names{"d.png"} << Names{"d.jpg", "d.png"} << Names{"d.png|d.jpg"}
                                    << Names{} << Names{"d.png"};
}

void TestEvaluation::pairsByRelativePath()
{
    QFETCH(std::vector<std::string>, generated);
    QFETCH(std::vector<std::string>, rendered);
    QFETCH(std::vector<std::string>, pairs);
    QFETCH(std::vector<std::string>, unpairedGenerated);
    QFETCH(std::vector<std::string>, unpairedRendered);
    const auto pairing = Evaluation::pairByRelativePath(generated, rendered);
    std::vector<std::string> joined;
    for (const auto& [g, r] : pairing.pairs)
        joined.push_back(g + "|" + r);
    QCOMPARE(joined, pairs);
    QCOMPARE(pairing.unpairedGenerated, unpairedGenerated);
    QCOMPARE(pairing.unpairedRendered, unpairedRendered);
}

void TestEvaluation::listsUnpairedAndUnreadable()
{
    std::vector<fr2r::metrics::EvaluationProgress> steps;
    const auto report = Evaluation(options(), testIo()).run([&](const auto& step) { steps.push_back(step); });
    QCOMPARE(report.pairs.size(), size_t(2));
    QCOMPARE(report.pairs[0].generated, std::string("a/b.png"));
    QCOMPARE(report.pairs[0].rendered, std::string("a/b.jpg"));
    QVERIFY(!report.pairs[0].resized);
    QCOMPARE(report.pairs[1].generated, std::string("c.png"));
    QVERIFY(report.pairs[1].resized);
    QCOMPARE(report.unpairedGenerated, std::vector<std::string>{"only_generated.png"});
    QCOMPARE(report.unpairedRendered, std::vector<std::string>{"only_rendered.jpg"});
    QCOMPARE(report.unreadable.size(), size_t(1));
    QCOMPARE(report.unreadable[0].path, (m_root / "out/broken.png").u8string());
    QVERIFY(report.unreadable[0].reason.find("cannot read image") != std::string::npos);
    QVERIFY(!report.lpips && !report.kid);
    QCOMPARE(steps.back().phase, std::string("pairs"));
    QCOMPARE(steps.back().done, 3);
    QCOMPARE(steps.back().total, 3);
}

void TestEvaluation::aggregatesArePerImageMeanAndStd()
{
    auto settings = options();
    settings.lpipsWeights = weights("lpips_alex.safetensors");
    const Evaluation evaluation(settings, testIo());
    const auto first = evaluation.run();
    QVERIFY(first.ssim && first.lpips);
    for (const auto& [summary, pick] :
         {std::pair{*first.ssim, +[](const fr2r::metrics::PairResult& p) { return p.ssim; }},
          std::pair{*first.lpips, +[](const fr2r::metrics::PairResult& p) { return *p.lpips; }}}) {
        const double a = pick(first.pairs[0]), b = pick(first.pairs[1]);
        QCOMPARE(summary.count, 2);
        QVERIFY(std::abs(summary.mean - (a + b) / 2) < 1e-12);
        QVERIFY(std::abs(summary.std - std::abs(a - b) / 2) < 1e-12); // population std of two values
    }
    QVERIFY(*first.pairs[0].lpips > 0 && std::isfinite(*first.pairs[0].lpips));
    for (int run = 0; run < 2; ++run) { // batched LPIPS gives the same values every time
        const auto again = evaluation.run();
        QCOMPARE(*again.pairs[0].lpips, *first.pairs[0].lpips);
        QCOMPARE(*again.pairs[1].lpips, *first.pairs[1].lpips);
    }
}

void TestEvaluation::kidUsesTheFeatureCache()
{
    auto settings = options();
    settings.realDir = (m_root / "real").u8string();
    settings.inceptionWeights = weights("fid_inception.safetensors");
    const Evaluation evaluation(settings, testIo());
    const auto first = evaluation.run();
    QVERIFY(first.kid);
    QCOMPARE(first.kid->realImages, 4);
    QCOMPARE(first.kid->generatedImages, 3); // broken.png is listed, not embedded
    QCOMPARE(first.kid->embedded, 7);
    QCOMPARE(first.kid->subsets, 10);
    QCOMPARE(first.kid->subsetSize, 3);
    QVERIFY(std::isfinite(first.kid->mean) && first.kid->std >= 0);
    QVERIFY(fs::exists(m_root / "real/fr2r_inception_features.safetensors"));
    QVERIFY(fs::exists(m_root / "out/fr2r_inception_features.safetensors"));

    const auto second = evaluation.run();
    QCOMPARE(second.kid->embedded, 0);
    QCOMPARE(second.kid->mean, first.kid->mean);
    QCOMPARE(second.kid->std, first.kid->std);

    writePpm(m_root / "out/new.png", 64, 64, 42);
    const auto third = evaluation.run();
    QCOMPARE(third.kid->embedded, 1);
    QCOMPARE(third.kid->generatedImages, 4);
}

void TestEvaluation::cancelThrows()
{
    const std::atomic<bool> cancel{true};
    QVERIFY_THROWS_EXCEPTION(fr2r::Cancelled, Evaluation(options(), testIo()).run({}, &cancel));
}

void TestEvaluation::missingWeightsNameTheOption()
{
    auto settings = options();
    settings.lpipsWeights = (m_root / "nowhere/lpips_alex.safetensors").u8string();
    try {
        Evaluation(settings, testIo()).run();
        QFAIL("expected ModelFormatError");
    } catch (const fr2r::ModelFormatError& error) {
        const std::string message = error.what();
        QVERIFY2(message.find(settings.lpipsWeights) != std::string::npos, error.what());
        QVERIFY2(message.find("--lpips-weights") != std::string::npos, error.what());
    }
    settings = options();
    settings.realDir = (m_root / "real").u8string();
    try {
        Evaluation(settings, testIo()).run();
        QFAIL("expected InvalidArgumentError");
    } catch (const fr2r::InvalidArgumentError& error) {
        QVERIFY2(std::string(error.what()).find("--inception-weights") != std::string::npos, error.what());
    }
}

void TestEvaluation::reportFiles()
{
    const auto report = Evaluation(options(), testIo()).run();
    const auto csvPath = (m_root / "report.csv").u8string();
    const auto jsonPath = (m_root / "report.json").u8string();
    Evaluation::writeCsv(report, csvPath);
    Evaluation::writeJson(report, jsonPath);
    QFile csv(QString::fromStdString(csvPath));
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const auto lines = QString::fromUtf8(csv.readAll()).split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);
    QCOMPARE(lines[0], QString("generated,rendered,ssim,lpips,resized"));
    QVERIFY(lines[2].startsWith("c.png,c.jpg,") && lines[2].endsWith(",,1"));
    std::ifstream jsonFile(fs::u8path(jsonPath));
    const auto json = nlohmann::json::parse(jsonFile);
    QCOMPARE(json["pairs"].size(), size_t(2));
    QCOMPARE(json["summary"]["ssim"]["count"].get<int>(), 2);
    QCOMPARE(json["unpaired_generated"][0].get<std::string>(), std::string("only_generated.png"));
    QCOMPARE(json["unreadable"].size(), size_t(1));
    QVERIFY(QDir(m_dir->path()).entryList({".report.*"}, QDir::Files | QDir::Hidden).isEmpty()); // no temporary left
}

QTEST_GUILESS_MAIN(TestEvaluation)
#include "TestEvaluation.moc"
