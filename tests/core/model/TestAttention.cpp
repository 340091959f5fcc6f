// The attention kernels and the plan that sizes them: the blocked CPU kernel against a float64 reference, chunked
// against unchunked, the budget's bound on the scores, the differentiable path while gradients are wanted, and
// training's low-rank side paths on the projections.
#include "core/model/Attention.h"
#include "core/model/BlockedAttention.h"
#include "core/model/LowRankAdapter.h"
#include "support/TensorCompare.h"

#include <QtTest>

#include <torch/torch.h>

#include <cmath>

using fr2r::core::AttentionImpl;
using fr2r::core::AttentionLimits;
using fr2r::core::AttentionPlan;
using Kernel = fr2r::core::AttentionPlan::Kernel;

Q_DECLARE_METATYPE(at::ScalarType)

namespace {

struct Qkv
{
    at::Tensor q, k, v; // [B, L, heads * d], [B, S, heads * d] x 2
};

Qkv randomQkv(int64_t batch, int64_t queries, int64_t keys, int64_t channels, at::ScalarType type)
{
    const auto options = torch::TensorOptions().dtype(type);
    return {torch::randn({batch, queries, channels}).to(options), torch::randn({batch, keys, channels}).to(options),
            torch::randn({batch, keys, channels}).to(options)};
}

// softmax(q k^T / sqrt(d)) v per head in float64.
at::Tensor referenceAttention(const Qkv& x, int64_t heads)
{
    const int64_t batch = x.q.size(0), dimHead = x.q.size(2) / heads;
    const auto split = [&](const at::Tensor& t) {
        return t.to(at::kDouble).view({batch, t.size(1), heads, dimHead}).transpose(1, 2);
    };
    const at::Tensor scores = at::matmul(split(x.q), split(x.k).transpose(-1, -2)) / std::sqrt(double(dimHead));
    return at::matmul(at::softmax(scores, -1), split(x.v)).transpose(1, 2).reshape(x.q.sizes());
}

at::Tensor blocked(const Qkv& x, int64_t heads, int64_t queryChunk)
{
    AttentionLimits limits;
    limits.queryChunk = queryChunk;
    const AttentionPlan plan = AttentionPlan::choose(Kernel::Blocked, x.q.size(0), heads, x.q.size(1), x.k.size(1),
                                                     x.q.element_size(), limits);
    return fr2r::core::BlockedAttention::run(x.q, x.k, x.v, heads, plan);
}

} // namespace

class TestAttention : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { torch::manual_seed(11); }
    void blockedMatchesReference_data();
    void blockedMatchesReference();
    void chunkedEqualsUnchunked_data();
    void chunkedEqualsUnchunked();
    void budgetBoundsTheScores();
    void layerFollowsItsBudget();
    void gradientsFlowWhileTraining();
    void sidePathAddsTheLowRankProduct();
};

void TestAttention::blockedMatchesReference_data()
{
    QTest::addColumn<int>("queries");
    QTest::addColumn<int>("keys");
    QTest::addColumn<int>("heads");
    QTest::addColumn<at::ScalarType>("type");
    QTest::addColumn<double>("factor");
    QTest::newRow("self 64, fp32") << 64 << 64 << 3 << at::kFloat << 1e-5;
    QTest::newRow("cross 96x77, fp32") << 96 << 77 << 3 << at::kFloat << 1e-5;
    QTest::newRow("rows over many blocks, fp32") << 1100 << 1100 << 2 << at::kFloat << 1e-5;
    QTest::newRow("one head (VAE), fp32") << 300 << 300 << 1 << at::kFloat << 1e-5;
    // bf16 inputs, scores rounded once to bf16 as LibTorch's own bf16 attention does; softmax in float32.
    QTest::newRow("self 300, bf16") << 300 << 300 << 2 << at::kBFloat16 << 3e-2;
}

void TestAttention::blockedMatchesReference()
{
    QFETCH(int, queries);
    QFETCH(int, keys);
    QFETCH(int, heads);
    QFETCH(at::ScalarType, type);
    QFETCH(double, factor);
    torch::NoGradGuard noGrad;
    const Qkv x = randomQkv(2, queries, keys, heads * 8, type);
    const at::Tensor actual = blocked(x, heads, 0);
    QCOMPARE(actual.scalar_type(), type);
    FR2R_COMPARE_TENSOR("blocked attention", actual, referenceAttention(x, heads), factor);
}

void TestAttention::chunkedEqualsUnchunked_data()
{
    QTest::addColumn<int>("batch");
    QTest::addColumn<int>("tokens");
    QTest::addColumn<int>("heads");
    QTest::addColumn<int>("channels");
    QTest::addColumn<at::ScalarType>("type");
    QTest::addColumn<double>("factor"); // 0: bit-identical
    // The golden tiny UNet's finest level (8x8 latent, 32 channels) and SD 1.5's (320 channels, 8 heads of 40).
    // A row's arithmetic is the same in any block, but OpenBLAS's float32 GEMM picks other micro-kernels (other
    // summation orders) for other row counts at SD 1.5's sizes; oneDNN's bf16 GEMM does not.
    QTest::newRow("tiny, fp32") << 2 << 64 << 2 << 32 << at::kFloat << 1e-6;
    QTest::newRow("SD 1.5 level 0, fp32") << 1 << 1024 << 8 << 320 << at::kFloat << 1e-6;
    QTest::newRow("SD 1.5 level 0, bf16") << 1 << 1024 << 8 << 320 << at::kBFloat16 << 0.0;
}

void TestAttention::chunkedEqualsUnchunked()
{
    QFETCH(int, batch);
    QFETCH(int, tokens);
    QFETCH(int, heads);
    QFETCH(int, channels);
    QFETCH(at::ScalarType, type);
    QFETCH(double, factor);
    torch::NoGradGuard noGrad;
    const Qkv x = randomQkv(batch, tokens, tokens, channels, type);
    const at::Tensor whole = blocked(x, heads, 0);
    const at::Tensor chunked = blocked(x, heads, 7);
    if (factor == 0)
        QVERIFY(at::equal(chunked, whole));
    else
        FR2R_COMPARE_TENSOR("blocked chunked", chunked, whole, factor);
    // LibTorch's attention over all rows at once, and in chunks; a (zero) mask is what takes that kernel on the CPU.
    const at::Tensor zeroMask = torch::zeros({1, 1});
    const at::Tensor library = AttentionImpl::multiHeadAttention(x.q.to(at::kFloat), x.k.to(at::kFloat),
                                                                 x.v.to(at::kFloat), heads, zeroMask);
    FR2R_COMPARE_TENSOR("blocked vs LibTorch", whole, library, type == at::kFloat ? 1e-5 : 3e-2);
    AttentionLimits limits;
    limits.queryChunk = 7;
    AttentionPlan plan;
    const at::Tensor libraryChunked = AttentionImpl::multiHeadAttention(
        x.q.to(at::kFloat), x.k.to(at::kFloat), x.v.to(at::kFloat), heads, zeroMask, limits, {}, &plan);
    QCOMPARE(plan.kernel, Kernel::Library);
    QVERIFY(plan.chunked());
    FR2R_COMPARE_TENSOR("LibTorch chunked", libraryChunked, library, 1e-6);
}

void TestAttention::budgetBoundsTheScores()
{
    // SD 1.5's finest level at 768x1024, batch 3, fp16 on LibTorch's kernel: 7 GiB of scores unchunked.
    AttentionLimits limits;
    limits.budgetBytes = int64_t(512) << 20;
    const AttentionPlan library = AttentionPlan::choose(Kernel::Library, 3, 8, 12288, 12288, 2, limits);
    QVERIFY(library.chunked());
    QVERIFY(library.scoreBytes <= limits.budgetBytes);
    QVERIFY(library.queryRows > 1);
    const AttentionPlan unbounded = AttentionPlan::choose(Kernel::Library, 3, 8, 12288, 12288, 2, {});
    QVERIFY(!unbounded.chunked());
    // The blocked kernel keeps a cache-sized block per thread: far below the budget, and bounded by it too.
    const AttentionPlan cpu = AttentionPlan::choose(Kernel::Blocked, 3, 8, 12288, 12288, 2, limits);
    QVERIFY(cpu.chunked());
    QVERIFY(cpu.scoreBytes < library.scoreBytes);
    limits.budgetBytes = cpu.scoreBytes / 4;
    const AttentionPlan tight = AttentionPlan::choose(Kernel::Blocked, 3, 8, 12288, 12288, 2, limits);
    QVERIFY(tight.scoreBytes <= limits.budgetBytes);
    QVERIFY(tight.queryRows < cpu.queryRows);
    // An explicit chunk wins over a looser budget.
    limits.budgetBytes = int64_t(512) << 20;
    limits.queryChunk = 5;
    QCOMPARE(AttentionPlan::choose(Kernel::Blocked, 3, 8, 12288, 12288, 2, limits).queryRows, int64_t(5));
}

void TestAttention::layerFollowsItsBudget()
{
    // The VAE's mid-block attention: one head over every pixel, group norm, residual.
    fr2r::core::AttentionOptions options;
    options.queryDim = 64;
    options.heads = 1;
    options.dimHead = 64;
    options.bias = true;
    options.normNumGroups = 8;
    options.residualConnection = true;
    fr2r::core::Attention layer(options);
    torch::NoGradGuard noGrad;
    const at::Tensor image = torch::randn({1, 64, 24, 32}); // 768 tokens
    const at::Tensor unbounded = layer(image);
    QCOMPARE(layer->lastPlan().queries, int64_t(768));
    const int64_t wholeBlockRows = layer->lastPlan().queryRows;
    layer->setMemoryBudget(16 * 768 * 4 * at::get_num_threads()); // 16 float32 rows of scores per thread
    const at::Tensor bounded = layer(image);
    const AttentionPlan& plan = layer->lastPlan();
    QVERIFY2(plan.queryRows <= 16 && plan.queryRows < wholeBlockRows, plan.describe().c_str());
    QVERIFY(plan.scoreBytes <= plan.budgetBytes);
    FR2R_COMPARE_TENSOR("bounded", bounded, unbounded, 1e-6); // float32 GEMMs: see chunkedEqualsUnchunked
}

void TestAttention::gradientsFlowWhileTraining()
{
    // LoRA training backpropagates through attention: the fast path must step aside for LibTorch's ops.
    const Qkv x = randomQkv(1, 40, 40, 16, at::kFloat);
    const at::Tensor q = x.q.clone().requires_grad_(), k = x.k.clone().requires_grad_(), v = x.v.clone().requires_grad_();
    AttentionPlan plan;
    const at::Tensor out = AttentionImpl::multiHeadAttention(q, k, v, 2, {}, {}, {}, &plan);
    QCOMPARE(plan.kernel, Kernel::Autograd);
    out.pow(2).sum().backward();
    const at::Tensor qd = x.q.to(at::kDouble).requires_grad_();
    const Qkv reference{qd, x.k.to(at::kDouble), x.v.to(at::kDouble)};
    referenceAttention(reference, 2).pow(2).sum().backward();
    QVERIFY(q.grad().defined() && k.grad().defined() && v.grad().defined());
    FR2R_COMPARE_TENSOR("dL/dq", q.grad(), qd.grad(), 1e-4);
}

// A LowRankAdapter on each projection gives W x + b + s B (A x): the layer equals one whose weights are merged,
// W + s B A; A and B get the merged weight's gradient through it, the frozen W none; removed, the layer is bitwise
// what it was.
void TestAttention::sidePathAddsTheLowRankProduct()
{
    using Projection = AttentionImpl::Projection;
    fr2r::core::AttentionOptions options;
    options.queryDim = 32;
    options.crossAttentionDim = 24;
    options.heads = 2;
    options.dimHead = 8;
    options.bias = true;
    fr2r::core::Attention layer(options), merged(options);
    const at::Tensor hidden = torch::randn({2, 10, 32}), context = torch::randn({2, 7, 24});
    at::Tensor plain;
    {
        torch::NoGradGuard noGrad;
        plain = layer(hidden, context);
    }
    constexpr double kScale = 2.0;
    std::vector<at::Tensor> downs, ups, mergedWeights;
    for (const Projection p : {Projection::Query, Projection::Key, Projection::Value, Projection::Out}) {
        const auto linear = layer->projection(p);
        linear->weight.requires_grad_(false);
        downs.push_back(torch::randn({3, linear->weight.size(1)}).requires_grad_());
        ups.push_back(torch::randn({linear->weight.size(0), 3}).requires_grad_());
        layer->setAdapter(p, std::make_shared<fr2r::core::LowRankAdapter>(downs.back(), ups.back(), kScale));
        torch::NoGradGuard noGrad;
        merged->projection(p)->weight.copy_(linear->weight + kScale * at::mm(ups.back(), downs.back()));
        merged->projection(p)->bias.copy_(linear->bias);
        mergedWeights.push_back(merged->projection(p)->weight);
    }
    const at::Tensor out = layer(hidden, context);
    const at::Tensor expected = merged(hidden, context);
    FR2R_COMPARE_TENSOR("side paths vs merged weights", out, expected, 1e-5);
    out.pow(2).sum().backward();
    expected.pow(2).sum().backward();
    for (size_t i = 0; i < downs.size(); ++i) {
        QVERIFY(!layer->projection(static_cast<Projection>(i))->weight.grad().defined());
        const at::Tensor mergedGrad = mergedWeights[i].grad(); // dL/dW of the merged layer
        FR2R_COMPARE_TENSOR("dL/dA", downs[i].grad(), kScale * at::mm(ups[i].detach().t(), mergedGrad), 1e-4);
        FR2R_COMPARE_TENSOR("dL/dB", ups[i].grad(), kScale * at::mm(mergedGrad, downs[i].detach().t()), 1e-4);
    }
    for (const Projection p : {Projection::Query, Projection::Key, Projection::Value, Projection::Out})
        layer->setAdapter(p, nullptr);
    torch::NoGradGuard noGrad;
    QVERIFY(torch::equal(layer(hidden, context), plain));
}

QTEST_APPLESS_MAIN(TestAttention)
#include "TestAttention.moc"
