#include "core/api/Error.h"
#include "imaging/FileBytes.h"
#include "ui/AppSettings.h"
#include "ui/EngineController.h"
#include "ui/GuiSelfTest.h"
#include "ui/MainWindow.h"
#include "ui/sweep/SweepPanel.h"

#include <QApplication>
#include <QBuffer>
#include <QCommandLineParser>
#include <QDir>
#include <QLibraryInfo>
#include <QLocale>
#include <QStyleFactory>
#include <QTimer>
#include <QTranslator>

namespace {

// Settings > Language wins; otherwise the system's UI languages, falling back to English.
void installTranslators(QApplication& app)
{
    const QString chosen = fr2r::ui::AppSettings().language();
    const QLocale locale = chosen.isEmpty() ? QLocale::system() : QLocale(chosen);
    auto* ours = new QTranslator(&app);
    if (ours->load(locale, QStringLiteral("fr2r"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QApplication::installTranslator(ours);
    auto* qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(qt);
}

// Hidden option for tools/screenshots.sh: export the sweep grid once the sweep and its SSIM captions are done.
void scheduleSweepExport(fr2r::ui::MainWindow& window, const QString& file)
{
    auto* panel = window.findChild<fr2r::ui::SweepPanel*>();
    auto* poll = new QTimer(&window);
    poll->setInterval(100);
    QObject::connect(poll, &QTimer::timeout, panel, [panel, poll, file] {
        if (panel->pendingMetrics() == 0) {
            poll->stop();
            panel->exportTo(file);
        }
    });
    QObject::connect(window.engine(), &fr2r::ui::EngineController::sweepFinished, poll, qOverload<>(&QTimer::start));
    QObject::connect(panel, &fr2r::ui::SweepPanel::errorOccurred, &window, [] { QApplication::exit(3); });
}

bool savePng(const QImage& image, const QString& file)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    if (!buffer.open(QIODevice::WriteOnly) || !image.save(&buffer, "PNG"))
        return false;
    try {
        fr2r::imaging::writeFileBytes(file.toStdString(), bytes.constData(), static_cast<size_t>(bytes.size()));
        return true;
    } catch (const fr2r::Error&) {
        return false;
    }
}

// Hidden option for tools/screenshots.sh: grab the window once the result (or sweep) is shown.
void scheduleScreenshot(fr2r::ui::MainWindow& window, const QString& file, bool afterResult, bool afterSweep,
                        bool afterExport, int timeoutSeconds)
{
    auto grab = [&window, file](int exitCode) {
        QTimer::singleShot(300, &window, [&window, file, exitCode] {
            const bool saved = savePng(window.grab().toImage(), file);
            QApplication::exit(saved ? exitCode : 2);
        });
    };
    if (afterExport)
        QObject::connect(window.findChild<fr2r::ui::SweepPanel*>(), &fr2r::ui::SweepPanel::exportFinished, &window,
                         [grab] { grab(0); });
    else if (afterSweep)
        QObject::connect(window.engine(), &fr2r::ui::EngineController::sweepFinished, &window, [grab] { grab(0); });
    else if (afterResult)
        QObject::connect(&window, &fr2r::ui::MainWindow::resultShown, &window, [grab] { grab(0); });
    else
        grab(0);
    QTimer::singleShot(timeoutSeconds * 1000, &window, [grab] { grab(1); });
}

} // namespace

int main(int argc, char* argv[])
{
    fr2r::ui::GuiSelfTest::prepareEnvironment(argc, argv);
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("FashionR2R"));
    QApplication::setApplicationName(QStringLiteral("FashionR2R Studio"));
    QApplication::setApplicationVersion(QStringLiteral(FR2R_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("io.github.fashionr2r.Studio"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/fashionr2r.svg")));
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    installTranslators(app);

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Rendered-to-real translation of fashion images."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("images"), QApplication::translate("main", "Images or folders to open."),
                                 QStringLiteral("[IMAGE...]"));
    QCommandLineOption selfTest(QStringLiteral("self-test"),
                                QApplication::translate("main", "Check the installation without showing a window."));
    parser.addOption(selfTest);
    QCommandLineOption screenshot(QStringLiteral("screenshot"), QString(), QStringLiteral("FILE"));
    QCommandLineOption afterResult(QStringLiteral("after-result"));
    QCommandLineOption sweep(QStringLiteral("sweep"));
    QCommandLineOption exportSweep(QStringLiteral("export-sweep"), QString(), QStringLiteral("FILE"));
    QCommandLineOption timeout(QStringLiteral("screenshot-timeout"), QString(), QStringLiteral("SECONDS"),
                               QStringLiteral("300"));
    for (QCommandLineOption* hidden : {&screenshot, &afterResult, &sweep, &exportSweep, &timeout}) {
        hidden->setFlags(QCommandLineOption::HiddenFromHelp);
        parser.addOption(*hidden);
    }
    parser.process(app);
    if (parser.isSet(selfTest))
        return fr2r::ui::GuiSelfTest::run();

    fr2r::ui::MainWindow window;
    window.show();
    QStringList images;
    for (const QString& path : parser.positionalArguments())
        images << QDir::current().absoluteFilePath(path);
    if (!images.isEmpty())
        window.addFiles(images);
    if (parser.isSet(sweep))
        window.showSweep(true);
    if (parser.isSet(exportSweep))
        scheduleSweepExport(window, parser.value(exportSweep));
    if (parser.isSet(screenshot))
        scheduleScreenshot(window, parser.value(screenshot), parser.isSet(afterResult), parser.isSet(sweep),
                           parser.isSet(exportSweep), parser.value(timeout).toInt());
    return QApplication::exec();
}
