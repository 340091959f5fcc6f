// SPDX-License-Identifier: GPL-3.0-or-later
#include "SelfTestRun.h"
#include "ToolRun.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using fr2r::tests::SelfTestRun;
using fr2r::tests::ToolRun;

// The portable tarball as packaging/linux/make-bundle.sh builds it from this tree, unpacked into a temporary folder
// and run there with nothing from the host's environment (env -i): both --self-tests through AppRun, the AppDir
// layout appimagetool expects, $ORIGIN-relative RUNPATHs, and every library resolving inside the bundle or from the
// host's system folders (never the build tree).
class TestPortableBundle : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void layout_data();
    void layout();
    void runpathsPointIntoTheBundle();
    void librariesResolveInTheBundle_data();
    void librariesResolveInTheBundle();
    void cliSelfTest();
    void guiSelfTestLoadsTheBundledQtPlugins();

private:
    QProcessEnvironment minimalEnvironment() const;
    QStringList elfFiles() const;

    QTemporaryDir m_dir;
    QString m_appDir;
};

void TestPortableBundle::initTestCase()
{
    for (const char* tool : { "patchelf", "readelf", "ldd", "tar", "xz" })
        if (QStandardPaths::findExecutable(QString::fromLatin1(tool)).isEmpty())
            QSKIP(qPrintable(QString::fromLatin1(tool) + " is not installed (scripts/install-deps.sh installs it)"));
    QVERIFY(m_dir.isValid());
    QElapsedTimer timer;
    timer.start();
    const QString tarball = m_dir.filePath(QStringLiteral("fashionr2r-test-x86_64.tar.xz"));
    // The contents are under test, not the compression: xz's fastest level (level 6 takes minutes per core).
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("XZ_OPT"), QStringLiteral("-0"));
    const ToolRun build = ToolRun::run(QStringLiteral(FR2R_MAKE_BUNDLE), { QStringLiteral(FR2R_BUILD_DIR), tarball },
                                       1500000, environment);
    QVERIFY2(build.exitCode == 0, qPrintable(build.output));
    qInfo("bundle built in %lld s, %.1f MB", timer.elapsed() / 1000, QFileInfo(tarball).size() / 1e6);
    const QString unpacked = m_dir.filePath(QStringLiteral("unpacked"));
    QVERIFY(QDir().mkpath(unpacked));
    const ToolRun untar
        = ToolRun::run(QStringLiteral("tar"), { QStringLiteral("-xJf"), tarball, QStringLiteral("-C"), unpacked });
    QVERIFY2(untar.exitCode == 0, qPrintable(untar.output));
    m_appDir = unpacked + QStringLiteral("/fashionr2r-test-x86_64");
}

// What appimagetool reads at the AppDir's root, and what Qt needs beside the programs.
void TestPortableBundle::layout_data()
{
    QTest::addColumn<QString>("path");
    for (const char* path : { "AppRun", "io.github.fashionr2r.Studio.desktop", "io.github.fashionr2r.Studio.svg",
                              ".DirIcon", "usr/bin/fashionr2r", "usr/bin/fashionr2r-cli", "usr/bin/qt.conf",
                              "usr/plugins/platforms/libqxcb.so", "usr/plugins/platforms/libqoffscreen.so",
                              "usr/plugins/imageformats/libqjpeg.so", "usr/share/doc/fashionr2r/THIRD_PARTY_NOTICES" })
        QTest::newRow(path) << QString::fromLatin1(path);
}

void TestPortableBundle::layout()
{
    QFETCH(QString, path);
    const QFileInfo file(m_appDir + QLatin1Char('/') + path);
    QVERIFY2(file.exists(), qPrintable(file.filePath() + " is missing"));
    QVERIFY2(file.canonicalFilePath().startsWith(m_appDir), qPrintable(path + " leads out of the AppDir"));
}

QStringList TestPortableBundle::elfFiles() const
{
    QStringList files;
    for (const char* folder : { "usr/bin", "usr/lib", "usr/plugins" }) {
        QDirIterator it(m_appDir + QLatin1Char('/') + QLatin1String(folder), QDir::Files | QDir::NoSymLinks,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile file(it.next());
            if (file.open(QIODevice::ReadOnly)
                && file.read(4)
                    == QByteArray("\x7f"
                                  "ELF"))
                files << file.fileName();
        }
    }
    return files;
}

// RUNPATH is not transitive: each bundled ELF file needs its own, and $ORIGIN in it must lead to usr/lib.
void TestPortableBundle::runpathsPointIntoTheBundle()
{
    const QStringList files = elfFiles();
    QVERIFY2(files.size() > 100, qPrintable(QString::number(files.size()) + " ELF files"));
    const QRegularExpression runpathEntry(QStringLiteral(R"(\(RUNPATH\)\s+Library runpath: \[([^\]]*)\])"));
    const QString lib = QDir::cleanPath(m_appDir + QStringLiteral("/usr/lib"));
    for (const QString& file : files) {
        const ToolRun readelf = ToolRun::run(QStringLiteral("readelf"), { QStringLiteral("-d"), file });
        QVERIFY2(readelf.exitCode == 0, qPrintable(readelf.output));
        const QRegularExpressionMatch match = runpathEntry.match(readelf.output);
        QVERIFY2(match.hasMatch(), qPrintable(file + " has no RUNPATH"));
        QString runpath = match.captured(1);
        QVERIFY2(runpath.startsWith(QStringLiteral("$ORIGIN")), qPrintable(file + ": " + runpath));
        runpath.replace(QStringLiteral("$ORIGIN"), QFileInfo(file).path());
        QVERIFY2(QDir::cleanPath(runpath) == lib, qPrintable(file + ": " + match.captured(1)));
    }
}

void TestPortableBundle::librariesResolveInTheBundle_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QStringList>("bundled");
    // libdnnl, libopencv_core and libQt5Core are indirect (LibTorch's, through OpenCV's highgui).
    const QStringList core { QStringLiteral("libtorch_cpu.so"), QStringLiteral("libdnnl.so"),
                             QStringLiteral("libopencv_core.so"), QStringLiteral("libQt5Core.so"),
                             QStringLiteral("libQt6Core.so") };
    QTest::newRow("CLI") << "usr/bin/fashionr2r-cli" << core;
    QTest::newRow("GUI") << "usr/bin/fashionr2r"
                         << core
            + QStringList { QStringLiteral("libQt6Widgets.so"), QStringLiteral("libQCustomPlotQt6.so") };
    QTest::newRow("xcb plugin") << "usr/plugins/platforms/libqxcb.so"
                                << QStringList { QStringLiteral("libQt6XcbQpa.so"),
                                                 QStringLiteral("libxkbcommon-x11.so") };
}

void TestPortableBundle::librariesResolveInTheBundle()
{
    QFETCH(QString, file);
    QFETCH(QStringList, bundled);
    const ToolRun ldd
        = ToolRun::run(QStringLiteral("ldd"), { m_appDir + QLatin1Char('/') + file }, 60000, minimalEnvironment());
    QVERIFY2(ldd.exitCode == 0, qPrintable(ldd.output));
    QVERIFY2(!ldd.output.contains(QStringLiteral("not found")), qPrintable(ldd.output));
    QVERIFY2(!ldd.output.contains(QStringLiteral(FR2R_BUILD_DIR)), qPrintable(ldd.output));
    for (const QString& library : bundled) {
        const QRegularExpression line(QStringLiteral("\\s%1\\S* => (\\S+)").arg(QRegularExpression::escape(library)));
        const QRegularExpressionMatch match = line.match(ldd.output);
        QVERIFY2(match.hasMatch(), qPrintable(library + " is not loaded:\n" + ldd.output));
        QVERIFY2(QDir::cleanPath(match.captured(1)).startsWith(m_appDir + QStringLiteral("/usr/lib/")),
                 qPrintable(library + " resolves outside the bundle:\n" + ldd.output));
    }
}

// env -i: only a minimal PATH and HOME, an empty LD_LIBRARY_PATH, no display.
QProcessEnvironment TestPortableBundle::minimalEnvironment() const
{
    QProcessEnvironment environment;
    environment.insert(QStringLiteral("PATH"), QStringLiteral("/usr/bin:/bin"));
    environment.insert(QStringLiteral("HOME"), m_dir.path());
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    return environment;
}

void TestPortableBundle::cliSelfTest()
{
    SelfTestRun::verify(m_appDir + QStringLiteral("/AppRun"), minimalEnvironment(), { QStringLiteral("cli") });
}

// Debian's LibTorch loads Qt 5 into the process; Qt 6 must take its plugins from the bundle (qt.conf), not from
// the host's Qt 6 folder.
void TestPortableBundle::guiSelfTestLoadsTheBundledQtPlugins()
{
    QProcessEnvironment environment = minimalEnvironment();
    environment.insert(QStringLiteral("QT_DEBUG_PLUGINS"), QStringLiteral("1"));
    QString output;
    SelfTestRun::verify(m_appDir + QStringLiteral("/AppRun"), environment, {}, &output);
    QVERIFY2(output.contains(m_appDir + QStringLiteral("/usr/plugins/platforms/libqoffscreen.so")), qPrintable(output));
    QVERIFY2(!output.contains(QStringLiteral("/qt6/plugins/")), qPrintable(output));
}

QTEST_GUILESS_MAIN(TestPortableBundle)
#include "TestPortableBundle.moc"
