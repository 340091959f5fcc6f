#include "metrics/FeatureCache.h"

#include <QTemporaryDir>
#include <QtTest>

#include <torch/torch.h>

#include <fstream>

using fr2r::metrics::FeatureCache;

class TestFeatureCache : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void roundTripsThroughTheFile();
    void hitSkipsWork();
    void otherWeightsStartEmpty();
    void damagedFileStartsEmpty();
    void unchangedCacheIsNotWritten();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::string m_path;
};

void TestFeatureCache::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_path = m_dir->filePath(FeatureCache::kDefaultFileName).toStdString();
}

void TestFeatureCache::roundTripsThroughTheFile()
{
    const auto a = torch::randn({2048});
    const auto b = torch::randn({1, 2048});
    {
        FeatureCache cache(m_path, "weights-1");
        cache.store("hash-a", a);
        cache.store("hash-b", b);
        QVERIFY(cache.modified());
        cache.save();
        QVERIFY(!cache.modified());
    }
    QVERIFY(QFile::exists(QString::fromStdString(m_path)));
    // no temporary left beside it
    QCOMPARE(QDir(m_dir->path()).entryList(QDir::Files | QDir::Hidden), QStringList{FeatureCache::kDefaultFileName});
    FeatureCache reread(m_path, "weights-1");
    QCOMPARE(reread.size(), size_t(2));
    QVERIFY(torch::equal(*reread.find("hash-a"), a));
    QVERIFY(torch::equal(*reread.find("hash-b"), b.reshape({-1})));
    QVERIFY(!reread.find("hash-c"));
}

void TestFeatureCache::hitSkipsWork()
{
    std::vector<std::vector<size_t>> calls;
    auto embed = [&calls](const std::vector<size_t>& misses) {
        calls.push_back(misses);
        return torch::full({int64_t(misses.size()), 4}, double(calls.size()));
    };
    FeatureCache cache(m_path, "weights-1");
    const auto first = cache.lookup({"x", "y"}, embed);
    QCOMPARE(calls.size(), size_t(1));
    QCOMPARE(calls[0], (std::vector<size_t>{0, 1}));
    QCOMPARE(first.sizes(), (c10::IntArrayRef{2, 4}));
    cache.save();

    FeatureCache later(m_path, "weights-1");
    const auto second = later.lookup({"y", "z", "x"}, embed);
    QCOMPARE(calls.size(), size_t(2));
    QCOMPARE(calls[1], (std::vector<size_t>{1})); // only the new image is embedded
    QVERIFY(torch::equal(second[0], first[1]));
    QVERIFY(torch::equal(second[1], torch::full({4}, 2.0)));
    QVERIFY(torch::equal(second[2], first[0]));

    later.lookup({"z", "x"}, embed);
    QCOMPARE(calls.size(), size_t(2)); // all hits: no embedding at all
}

void TestFeatureCache::otherWeightsStartEmpty()
{
    {
        FeatureCache cache(m_path, "weights-1");
        cache.store("hash-a", torch::ones({8}));
        cache.save();
    }
    FeatureCache other(m_path, "weights-2");
    QCOMPARE(other.size(), size_t(0));
    other.store("hash-b", torch::ones({8}));
    other.save();
    FeatureCache reread(m_path, "weights-2");
    QCOMPARE(reread.size(), size_t(1));
    QVERIFY(reread.find("hash-b"));
}

void TestFeatureCache::damagedFileStartsEmpty()
{
    std::ofstream(m_path, std::ios::binary) << "not a safetensors file";
    FeatureCache cache(m_path, "weights-1");
    QCOMPARE(cache.size(), size_t(0));
    cache.store("hash-a", torch::ones({8}));
    cache.save();
    QCOMPARE(FeatureCache(m_path, "weights-1").size(), size_t(1));
}

void TestFeatureCache::unchangedCacheIsNotWritten()
{
    FeatureCache cache(m_path, "weights-1");
    cache.save();
    QVERIFY(!QFile::exists(QString::fromStdString(m_path)));
}

QTEST_GUILESS_MAIN(TestFeatureCache)
#include "TestFeatureCache.moc"
