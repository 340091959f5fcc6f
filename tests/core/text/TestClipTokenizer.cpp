#include "TestConfig.h"
#include "core/api/Error.h"
#include "core/io/SafeTensorsFile.h"
#include "core/text/ClipTokenizer.h"
#include "support/TensorCompare.h"

#include <QtTest>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <fstream>
#include <optional>

using fr2r::core::ClipTokenizer;
using Ids = std::vector<int64_t>;

Q_DECLARE_METATYPE(std::string)

namespace {

std::string tokenizerDir()
{
    return fr2r::test::goldenPath("tiny/model/tokenizer");
}

std::string readText(const std::string& path)
{
    std::ifstream file(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(file), {});
}

Ids append(Ids ids, const Ids& more)
{
    ids.insert(ids.end(), more.begin(), more.end());
    return ids;
}

} // namespace

class TestClipTokenizer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void matchesGoldenIds_data();
    void matchesGoldenIds();
    void tokenizeHasNoSpecialsOrPadding();
    void loadsFromDataAndFiles();
    void cleansTextLikeTransformers_data();
    void cleansTextLikeTransformers();
    void addedTokensGetIdsAfterVocabulary();
    void addedTokensAreNeverSplit_data();
    void addedTokensAreNeverSplit();
    void encodesNegativePromptAsGolden();
    void rejectsMalformedFiles_data();
    void rejectsMalformedFiles();
    void namesMissingFiles();

private:
    std::optional<ClipTokenizer> m_tokenizer;
};

void TestClipTokenizer::initTestCase()
{
    FR2R_SKIP_WITHOUT_GOLDEN();
    m_tokenizer = ClipTokenizer::fromFolder(tokenizerDir());
}

void TestClipTokenizer::matchesGoldenIds_data()
{
    QTest::addColumn<std::string>("prompt");
    QTest::addColumn<int>("row");
    const auto prompts = nlohmann::json::parse(readText(fr2r::test::goldenPath("tiny/prompts.json")));
    for (size_t i = 0; i < prompts.size(); ++i) {
        const std::string prompt = prompts[i].get<std::string>();
        QTest::addRow("%zu: %s", i, prompt.substr(0, 40).c_str()) << prompt << static_cast<int>(i);
    }
}

void TestClipTokenizer::matchesGoldenIds()
{
    QFETCH(std::string, prompt);
    QFETCH(int, row);
    fr2r::core::SafeTensorsFile reference(fr2r::test::goldenPath("tiny/reference.safetensors"));
    const at::Tensor expected = reference.load("tokenizer.input_ids")[row].contiguous();
    const Ids expectedIds(expected.data_ptr<int64_t>(), expected.data_ptr<int64_t>() + expected.numel());
    for (int run = 0; run < 3; ++run) // the second and third runs go through the BPE cache
        QCOMPARE(m_tokenizer->encode(prompt), expectedIds);
}

void TestClipTokenizer::tokenizeHasNoSpecialsOrPadding()
{
    const Ids ids = m_tokenizer->tokenize("a photo of a woman wearing a red dress");
    QCOMPARE(ids, (Ids{320, 1125, 539, 320, 2308, 3309, 320, 736, 2595}));
    QVERIFY(m_tokenizer->tokenize("").empty());
    QCOMPARE(m_tokenizer->startOfTextId(), int64_t(49406));
    QCOMPARE(m_tokenizer->endOfTextId(), int64_t(49407));
    QCOMPARE(m_tokenizer->vocabularySize(), int64_t(49408));
}

void TestClipTokenizer::loadsFromDataAndFiles()
{
    const auto fromData = ClipTokenizer::fromData(readText(tokenizerDir() + "/vocab.json"),
                                                  readText(tokenizerDir() + "/merges.txt"));
    const auto fromFiles = ClipTokenizer::fromFiles(tokenizerDir() + "/vocab.json", tokenizerDir() + "/merges.txt");
    const std::string prompt = "A DSLR Photo, high-quality; 4K!! (realistic) fabric -- silk";
    QCOMPARE(fromData.encode(prompt), m_tokenizer->encode(prompt));
    QCOMPARE(fromFiles.encode(prompt), m_tokenizer->encode(prompt));
}

void TestClipTokenizer::cleansTextLikeTransformers_data()
{
    QTest::addColumn<std::string>("text");
    QTest::addColumn<std::string>("equivalent");
    QTest::newRow("upper-case non-ASCII") << std::string("NAÏVE CAFÉ Ωmega") << std::string("naïve café ωmega");
    QTest::newRow("format characters dropped") << std::string("red\u200Bdress\u00AD") << std::string("reddress");
    QTest::newRow("unicode spaces") << std::string("\u3000red\u00A0\u2003dress\n") << std::string("red dress");
    QTest::newRow("CJK ideographs split") << std::string("红裙") << std::string("红 裙");
    QTest::newRow("digits one by one") << std::string("x25") << std::string("x 2 5");
    QTest::newRow("contractions") << std::string("she'll've") << std::string("she 'll 've");
    QTest::newRow("punctuation runs") << std::string("silk!!'s") << std::string("silk !!' s");
}

void TestClipTokenizer::cleansTextLikeTransformers()
{
    QFETCH(std::string, text);
    QFETCH(std::string, equivalent);
    QCOMPARE(m_tokenizer->tokenize(text), m_tokenizer->tokenize(equivalent));
}

void TestClipTokenizer::addedTokensGetIdsAfterVocabulary()
{
    auto tokenizer = *m_tokenizer;
    const int64_t base = tokenizer.vocabularySize();
    QCOMPARE(tokenizer.addToken("<rendered>"), base);
    QCOMPARE(tokenizer.addToken("<rendered>_1"), base + 1);
    QCOMPARE(tokenizer.addToken("<rendered>"), base);
    QCOMPARE(tokenizer.addToken("dress</w>"), int64_t(2595)); // already in the vocabulary
    QCOMPARE(tokenizer.vocabularySize(), base + 2);
    QCOMPARE(tokenizer.tokenId("<rendered>_1"), base + 1);
    QCOMPARE(m_tokenizer->vocabularySize(), base); // the copy's tokens stay its own
    QVERIFY_THROWS_EXCEPTION(fr2r::InvalidArgumentError, tokenizer.addToken(""));
}

void TestClipTokenizer::addedTokensAreNeverSplit_data()
{
    // text, then the pieces it must equal: added tokens as themselves, other text tokenized alone
    QTest::addColumn<std::string>("text");
    QTest::addColumn<std::vector<std::string>>("pieces");
    QTest::newRow("alone") << std::string("<rendered>") << std::vector<std::string>{"<rendered>"};
    QTest::newRow("both spaced") << std::string("<rendered> <rendered>_1")
                                 << std::vector<std::string>{"<rendered>", "<rendered>_1"};
    QTest::newRow("adjacent") << std::string("<rendered><rendered>_1<rendered>")
                              << std::vector<std::string>{"<rendered>", "<rendered>_1", "<rendered>"};
    QTest::newRow("glued to words") << std::string("a<rendered>dress")
                                    << std::vector<std::string>{"a", "<rendered>", "dress"};
    QTest::newRow("punctuation") << std::string("(<rendered>_1), <rendered>!")
                                 << std::vector<std::string>{"(", "<rendered>_1", "),", "<rendered>", "!"};
    QTest::newRow("suffix kept out") << std::string("<rendered>_12") << std::vector<std::string>{"<rendered>_1", "2"};
}

void TestClipTokenizer::addedTokensAreNeverSplit()
{
    QFETCH(std::string, text);
    QFETCH(std::vector<std::string>, pieces);
    auto tokenizer = *m_tokenizer;
    const int64_t first = tokenizer.addToken("<rendered>");
    const int64_t second = tokenizer.addToken("<rendered>_1");
    Ids expected;
    for (const auto& piece : pieces) {
        if (piece == "<rendered>")
            expected.push_back(first);
        else if (piece == "<rendered>_1")
            expected.push_back(second);
        else
            expected = append(expected, tokenizer.tokenize(piece));
    }
    QCOMPARE(tokenizer.tokenize(text), expected);
    QCOMPARE(m_tokenizer->tokenize(text) == expected, false); // without the added tokens it is split
}

void TestClipTokenizer::encodesNegativePromptAsGolden()
{
    auto tokenizer = *m_tokenizer;
    tokenizer.addToken("<rendered>");
    tokenizer.addToken("<rendered>_1");
    fr2r::core::SafeTensorsFile reference(fr2r::test::goldenPath("tiny/pipeline_reference.safetensors"));
    const at::Tensor expected = reference.load("negative.input_ids").flatten().contiguous();
    const Ids expectedIds(expected.data_ptr<int64_t>(), expected.data_ptr<int64_t>() + expected.numel());
    QCOMPARE(tokenizer.encode("<rendered> <rendered>_1"), expectedIds);
}

void TestClipTokenizer::rejectsMalformedFiles_data()
{
    QTest::addColumn<std::string>("vocab");
    QTest::addColumn<std::string>("merges");
    QTest::addColumn<std::string>("message");
    const std::string goodVocab = R"({"<|startoftext|>": 0, "<|endoftext|>": 1, "a</w>": 2})";
    const std::string goodMerges = "#version: 0.2\na </w>\n";
    QTest::newRow("vocab not JSON") << std::string("{\"a\": ") << goodMerges << std::string("vocab.json: not valid JSON");
    QTest::newRow("vocab an array") << std::string("[1, 2]") << goodMerges << std::string("vocab.json: expected");
    QTest::newRow("vocab id not a number") << std::string(R"({"a": "x"})") << goodMerges
                                           << std::string("vocab.json: the id of token \"a\"");
    QTest::newRow("vocab without specials") << std::string(R"({"a</w>": 0})") << goodMerges
                                            << std::string("<|startoftext|>");
    QTest::newRow("merge without pair") << goodVocab << std::string("#version: 0.2\na </w>\nab\n")
                                        << std::string("merges.txt: line 3");
    QTest::newRow("merges empty") << goodVocab << std::string("#version: 0.2\n") << std::string("merges.txt: holds no");
}

void TestClipTokenizer::rejectsMalformedFiles()
{
    QFETCH(std::string, vocab);
    QFETCH(std::string, merges);
    QFETCH(std::string, message);
    try {
        ClipTokenizer::fromData(vocab, merges);
        QFAIL("malformed tokenizer data was accepted");
    } catch (const fr2r::ModelFormatError& e) {
        QVERIFY2(std::string(e.what()).find(message) != std::string::npos, e.what());
    }
}

void TestClipTokenizer::namesMissingFiles()
{
    try {
        ClipTokenizer::fromFolder("/nonexistent/tokenizer");
        QFAIL("a missing folder was accepted");
    } catch (const fr2r::ModelFormatError& e) {
        QVERIFY2(std::string(e.what()).find("/nonexistent/tokenizer/vocab.json") != std::string::npos, e.what());
    }
}

QTEST_GUILESS_MAIN(TestClipTokenizer)
#include "TestClipTokenizer.moc"
