// SPDX-License-Identifier: GPL-3.0-or-later
#include "SelfTestRun.h"
#include "ToolRun.h"

#include <QDir>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <unistd.h>

using fr2r::tests::SelfTestRun;
using fr2r::tests::ToolRun;

// The Debian package as CPack builds it from this tree: control fields, contents, the validators, lintian, and
// (as root) an install with apt-get, both --self-tests from /usr/bin, and the removal.
class TestDebPackage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void controlFields();
    void contents_data();
    void contents();
    void desktopFileAndMetainfoValidate();
    void lintianReportsNoError();
    void installsAndSelfTestsAsRoot();

private:
    static void requireTool(const QString& tool);

    QTemporaryDir m_dir;
    QString m_deb;
    QString m_contents;
};

void TestDebPackage::requireTool(const QString& tool)
{
    if (QStandardPaths::findExecutable(tool).isEmpty())
        QSKIP(qPrintable(tool + " is not installed (scripts/install-deps.sh installs it)"));
}

void TestDebPackage::initTestCase()
{
    for (const char* tool : { "dpkg-deb", "dpkg-shlibdeps", "fakeroot", "file" })
        requireTool(QString::fromLatin1(tool));
    QVERIFY(m_dir.isValid());
    const ToolRun cpack
        = ToolRun::run(QStringLiteral(FR2R_CPACK),
                       { QStringLiteral("--config"), QStringLiteral(FR2R_CPACK_CONFIG), QStringLiteral("-G"),
                         QStringLiteral("DEB"), QStringLiteral("-B"), m_dir.path() });
    QVERIFY2(cpack.exitCode == 0, qPrintable(cpack.output));
    const QStringList debs = QDir(m_dir.path()).entryList({ QStringLiteral("fashionr2r_*.deb") }, QDir::Files);
    QCOMPARE(debs.size(), 1);
    m_deb = m_dir.filePath(debs.first());
    const ToolRun contents = ToolRun::run(QStringLiteral("dpkg-deb"), { QStringLiteral("-c"), m_deb });
    QCOMPARE(contents.exitCode, 0);
    m_contents = contents.output;
}

void TestDebPackage::controlFields()
{
    const ToolRun info = ToolRun::run(QStringLiteral("dpkg-deb"), { QStringLiteral("-I"), m_deb });
    QCOMPARE(info.exitCode, 0);
    // shlibdeps sees the linked libraries; Qt's platform plugins and the BLAS are added by hand, and Qt's own
    // translations (QWizard's and QMessageBox's buttons) are recommended.
    for (const char* expected :
         { "Package: fashionr2r", "Version: " FR2R_VERSION, "Section: graphics", "libtorch1.13", "libqt6widgets6",
           "libqcustomplot2.1-qt6", "libopencv-imgcodecs406", "qt6-qpa-plugins",
           "libopenblas0-openmp | libopenblas0-pthread", "Recommends: fonts-noto-cjk | fonts-wqy-microhei, qt6-translations-l10n" })
        QVERIFY2(info.output.contains(QString::fromLatin1(expected)), qPrintable(expected + (": \n" + info.output)));
}

void TestDebPackage::contents_data()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("GUI") << "./usr/bin/fashionr2r";
    QTest::newRow("CLI") << "./usr/bin/fashionr2r-cli";
    QTest::newRow("desktop file") << "./usr/share/applications/io.github.fashionr2r.Studio.desktop";
    QTest::newRow("metainfo") << "./usr/share/metainfo/io.github.fashionr2r.Studio.metainfo.xml";
    QTest::newRow("scalable icon") << "./usr/share/icons/hicolor/scalable/apps/io.github.fashionr2r.Studio.svg";
    for (const char* size : { "48x48", "128x128", "256x256" })
        QTest::newRow(size) << QStringLiteral("./usr/share/icons/hicolor/%1/apps/io.github.fashionr2r.Studio.png")
                                   .arg(QString::fromLatin1(size));
    QTest::newRow("CLI manual") << "./usr/share/man/man1/fashionr2r-cli.1.gz";
    QTest::newRow("GUI manual") << "./usr/share/man/man1/fashionr2r.1.gz";
    QTest::newRow("copyright") << "./usr/share/doc/fashionr2r/copyright";
    QTest::newRow("changelog") << "./usr/share/doc/fashionr2r/changelog.gz";
    QTest::newRow("notices") << "./usr/share/doc/fashionr2r/THIRD_PARTY_NOTICES";
}

void TestDebPackage::contents()
{
    QFETCH(QString, path);
    QVERIFY2(m_contents.contains(QLatin1Char(' ') + path + QLatin1Char('\n')), qPrintable(m_contents));
    QVERIFY2(!m_contents.contains(QStringLiteral("fr2r-bench")), "the developer benchmark is not packaged");
}

void TestDebPackage::desktopFileAndMetainfoValidate()
{
    requireTool(QStringLiteral("desktop-file-validate"));
    requireTool(QStringLiteral("appstreamcli"));
    const QString root = m_dir.filePath(QStringLiteral("root"));
    QCOMPARE(ToolRun::run(QStringLiteral("dpkg-deb"), { QStringLiteral("-x"), m_deb, root }).exitCode, 0);
    const ToolRun desktop
        = ToolRun::run(QStringLiteral("desktop-file-validate"),
                       { root + QStringLiteral("/usr/share/applications/io.github.fashionr2r.Studio.desktop") });
    QVERIFY2(desktop.exitCode == 0 && desktop.output.trimmed().isEmpty(), qPrintable(desktop.output));
    const ToolRun metainfo
        = ToolRun::run(QStringLiteral("appstreamcli"),
                       { QStringLiteral("validate"), QStringLiteral("--no-net"), QStringLiteral("--strict"),
                         root + QStringLiteral("/usr/share/metainfo/io.github.fashionr2r.Studio.metainfo.xml") });
    QVERIFY2(metainfo.exitCode == 0, qPrintable(metainfo.output));
}

// Remaining warnings are explained in packaging/linux/README.md.
void TestDebPackage::lintianReportsNoError()
{
    requireTool(QStringLiteral("lintian"));
    const ToolRun lintian = ToolRun::run(QStringLiteral("lintian"),
                                         { QStringLiteral("--tag-display-limit"), QStringLiteral("0"), m_deb });
    QVERIFY2(lintian.exitCode >= 0, qPrintable(lintian.output));
    QVERIFY2(!QRegularExpression(QStringLiteral("^E: "), QRegularExpression::MultilineOption)
                  .match(lintian.output)
                  .hasMatch(),
             qPrintable(lintian.output));
}

void TestDebPackage::installsAndSelfTestsAsRoot()
{
    if (geteuid() != 0)
        QSKIP("installing the package needs root: run the test command as root to install, self-test and remove it");
    requireTool(QStringLiteral("apt-get"));
    const QStringList lock { QStringLiteral("-o"), QStringLiteral("DPkg::Lock::Timeout=300"), QStringLiteral("-y") };
    const ToolRun install
        = ToolRun::run(QStringLiteral("apt-get"), lock + QStringList { QStringLiteral("install"), m_deb });
    QVERIFY2(install.exitCode == 0, qPrintable(install.output));
    SelfTestRun::verify(QStringLiteral("/usr/bin/fashionr2r"));
    SelfTestRun::verify(QStringLiteral("/usr/bin/fashionr2r-cli"));
    const ToolRun remove = ToolRun::run(QStringLiteral("apt-get"),
                                        lock + QStringList { QStringLiteral("remove"), QStringLiteral("fashionr2r") });
    QVERIFY2(remove.exitCode == 0, qPrintable(remove.output));
    QVERIFY(!QFile::exists(QStringLiteral("/usr/bin/fashionr2r")));
}

QTEST_GUILESS_MAIN(TestDebPackage)
#include "TestDebPackage.moc"
