#include "ui/AppSettings.h"
#include "ui/SettingsDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

using fr2r::core::DeviceChoice;
using fr2r::core::PrecisionChoice;
using fr2r::ui::AppSettings;
using fr2r::ui::SettingsDialog;

// The dialog built from a profile where every field is saved (it used to crash as soon as an embedding or a LoRA
// was), edited and saved back. The profile lives in a temporary folder, never the user's.
class TestSettingsDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void opensWithEverySavedFieldAndKeepsAnEdit();
    void badLoraBlocksOkUntilRemoved();
    void folderWithoutPackJsonBlocksOk();
    void readsTheSingleLoraOfOlderProfiles();
    void previewSettingsKeepAnEditAndStartAtDefaults();

private:
    QString writeFile(const QString& name);
    template <typename T> T* field(const QWidget& dialog, const QString& name);
    void checkShows(const SettingsDialog& dialog, double secondMultiplier, int megapixels);

    QTemporaryDir m_dir;
    fr2r::core::EngineSettings m_engine;
};

void TestSettingsDialog::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QCoreApplication::setOrganizationName(QStringLiteral("FashionR2R-Test"));
    QCoreApplication::setApplicationName(QStringLiteral("TestSettingsDialog"));
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("config")));
    QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("model")));
    m_engine.modelPath = writeFile(QStringLiteral("model/model_index.json")).section('/', 0, -2).toStdString();
    m_engine.negativeEmbeddingPath = writeFile(QStringLiteral("negative.safetensors")).toStdString();
    QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("pack")));
    m_engine.packPath = writeFile(QStringLiteral("pack/pack.json")).section('/', 0, -2).toStdString();
    m_engine.loras = {{writeFile(QStringLiteral("first.safetensors")).toStdString(), 0.5},
                      {writeFile(QStringLiteral("second.safetensors")).toStdString(), -1.25}};
    m_engine.device = DeviceChoice::Cuda;
    m_engine.precision = PrecisionChoice::Bf16;
}

void TestSettingsDialog::init()
{
    QSettings().clear();
    AppSettings settings;
    settings.setEngineSettings(m_engine);
    settings.setLanguage(QStringLiteral("zh_CN"));
    settings.setMaxMegapixels(250);
}

QString TestSettingsDialog::writeFile(const QString& name)
{
    QFile file(m_dir.filePath(name));
    if (!file.open(QIODevice::WriteOnly) || file.write("{}") != 2)
        qFatal("cannot write %s", qPrintable(file.fileName()));
    return file.fileName();
}

template <typename T> T* TestSettingsDialog::field(const QWidget& dialog, const QString& name)
{
    auto* widget = dialog.findChild<T*>(name);
    if (!widget)
        qFatal("no %s in the dialog", qPrintable(name));
    return widget;
}

void TestSettingsDialog::checkShows(const SettingsDialog& dialog, double secondMultiplier, int megapixels)
{
    QCOMPARE(field<QComboBox>(dialog, "modelPathCombo")->currentText(), QString::fromStdString(m_engine.modelPath));
    QCOMPARE(field<QLineEdit>(dialog, "negativeEmbeddingEdit")->text(),
             QString::fromStdString(m_engine.negativeEmbeddingPath));
    QCOMPARE(field<QLineEdit>(dialog, "packEdit")->text(), QString::fromStdString(m_engine.packPath));
    QCOMPARE(field<QLineEdit>(dialog, "loraEdit0")->text(), QString::fromStdString(m_engine.loras[0].path));
    QCOMPARE(field<QDoubleSpinBox>(dialog, "loraMultiplierSpin0")->value(), 0.5);
    QCOMPARE(field<QLineEdit>(dialog, "loraEdit1")->text(), QString::fromStdString(m_engine.loras[1].path));
    QCOMPARE(field<QDoubleSpinBox>(dialog, "loraMultiplierSpin1")->value(), secondMultiplier);
    QVERIFY(!dialog.findChild<QLineEdit*>(QStringLiteral("loraEdit2")));
    QCOMPARE(field<QComboBox>(dialog, "deviceCombo")->currentData().toInt(), static_cast<int>(DeviceChoice::Cuda));
    QCOMPARE(field<QComboBox>(dialog, "precisionCombo")->currentData().toInt(),
             static_cast<int>(PrecisionChoice::Bf16));
    QCOMPARE(field<QComboBox>(dialog, "languageCombo")->currentData().toString(), QStringLiteral("zh_CN"));
    QCOMPARE(field<QSpinBox>(dialog, "maxMegapixelsSpin")->value(), megapixels);
    QVERIFY(dialog.isValid());
}

void TestSettingsDialog::opensWithEverySavedFieldAndKeepsAnEdit()
{
    {
        SettingsDialog dialog(AppSettings {});
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        checkShows(dialog, -1.25, 250);
        field<QDoubleSpinBox>(dialog, "loraMultiplierSpin1")->setValue(0.75);
        field<QSpinBox>(dialog, "maxMegapixelsSpin")->setValue(40);
        auto* ok = field<QDialogButtonBox>(dialog, "settingsButtons")->button(QDialogButtonBox::Ok);
        QVERIFY(ok->isEnabled());
        QTest::mouseClick(ok, Qt::LeftButton);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        AppSettings settings;
        dialog.save(settings);
    }
    AppSettings saved;
    QCOMPARE(saved.engineSettings().loras.size(), size_t(2));
    QCOMPARE(saved.imageReadOptions().maxPixels, int64_t(40'000'000));
    SettingsDialog reopened(saved);
    checkShows(reopened, 0.75, 40);
}

void TestSettingsDialog::badLoraBlocksOkUntilRemoved()
{
    SettingsDialog dialog(AppSettings {});
    auto* ok = field<QDialogButtonBox>(dialog, "settingsButtons")->button(QDialogButtonBox::Ok);
    QTest::mouseClick(field<QPushButton>(dialog, "addLoraButton"), Qt::LeftButton);
    field<QLineEdit>(dialog, "loraEdit2")->setText(m_dir.filePath(QStringLiteral("missing.safetensors")));
    QVERIFY(!ok->isEnabled());
    QVERIFY(field<QLabel>(dialog, "loraStatus2")->text().contains(QStringLiteral("does not exist")));
    QTest::mouseClick(field<QPushButton>(dialog, "removeLoraButton0"), Qt::LeftButton);
    QCOMPARE(field<QLineEdit>(dialog, "loraEdit0")->text(), QString::fromStdString(m_engine.loras[1].path));
    QTest::mouseClick(field<QPushButton>(dialog, "removeLoraButton1"), Qt::LeftButton);
    QVERIFY(ok->isEnabled());
    QCOMPARE(dialog.engineSettings().loras.size(), size_t(1));
}

void TestSettingsDialog::folderWithoutPackJsonBlocksOk()
{
    SettingsDialog dialog(AppSettings {});
    auto* ok = field<QDialogButtonBox>(dialog, "settingsButtons")->button(QDialogButtonBox::Ok);
    QVERIFY(ok->isEnabled());
    field<QLineEdit>(dialog, "packEdit")->setText(m_dir.filePath(QStringLiteral("model"))); // a folder, no pack.json
    QVERIFY(!ok->isEnabled());
    QVERIFY(field<QLabel>(dialog, "packStatus")->text().contains(QStringLiteral("pack.json")));
    field<QLineEdit>(dialog, "packEdit")->clear(); // no pack is fine
    QVERIFY(ok->isEnabled());
    QVERIFY(dialog.engineSettings().packPath.empty());
}

void TestSettingsDialog::readsTheSingleLoraOfOlderProfiles()
{
    QSettings().clear();
    QSettings profile;
    profile.setValue(QStringLiteral("model/lora"), QString::fromStdString(m_engine.loras[0].path));
    profile.setValue(QStringLiteral("model/loraMultiplier"), 0.5);
    profile.sync();
    const auto loras = AppSettings().engineSettings().loras;
    QCOMPARE(loras.size(), size_t(1));
    QCOMPARE(loras[0].multiplier, 0.5);
    AppSettings settings;
    settings.setEngineSettings(AppSettings().engineSettings());
    QCOMPARE(AppSettings().engineSettings().loras.size(), size_t(1)); // rewritten as the list, not doubled
}

void TestSettingsDialog::previewSettingsKeepAnEditAndStartAtDefaults()
{
    {
        SettingsDialog fresh(AppSettings {}); // init() saved no preview keys
        QCOMPARE(field<QDoubleSpinBox>(fresh, "previewAfterSpin")->value(), 10.0);
        QCOMPARE(field<QSpinBox>(fresh, "previewSideSpin")->value(), 384);
        field<QDoubleSpinBox>(fresh, "previewAfterSpin")->setValue(2.5);
        field<QSpinBox>(fresh, "previewSideSpin")->setValue(256);
        AppSettings settings;
        fresh.save(settings);
    }
    QCOMPARE(AppSettings().previewAfterSeconds(), 2.5);
    QCOMPARE(AppSettings().previewSide(), 256);
    SettingsDialog reopened(AppSettings {});
    QCOMPARE(field<QDoubleSpinBox>(reopened, "previewAfterSpin")->value(), 2.5);
    QCOMPARE(field<QSpinBox>(reopened, "previewSideSpin")->value(), 256);
    field<QDoubleSpinBox>(reopened, "previewAfterSpin")->setValue(0.0);
    QCOMPARE(field<QDoubleSpinBox>(reopened, "previewAfterSpin")->text(), QStringLiteral("Never"));
}

QTEST_MAIN(TestSettingsDialog)
#include "TestSettingsDialog.moc"
