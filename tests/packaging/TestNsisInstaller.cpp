// SPDX-License-Identifier: GPL-3.0-or-later
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

// The Windows installer's settings (packaging/windows/NsisSettings.cmake) checked on Linux: CPack builds an NSIS64
// installer for a stub payload with them. The real installer is built on Windows (.github/workflows/windows.yml).
class TestNsisInstaller : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void installerIsBuilt();
    void scriptHasShortcutsAndUninstaller_data();
    void scriptHasShortcutsAndUninstaller();

private:
    static void run(const QString& program, const QStringList& arguments, const QString& directory);

    QTemporaryDir m_dir;
    QString m_script;
};

void TestNsisInstaller::run(const QString& program, const QStringList& arguments, const QString& directory)
{
    QProcess process;
    process.setWorkingDirectory(directory);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, arguments);
    QVERIFY2(process.waitForFinished(300000), qPrintable(program + " did not finish"));
    QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0,
             qPrintable(program + ": " + QString::fromLocal8Bit(process.readAll())));
}

void TestNsisInstaller::initTestCase()
{
    if (QStandardPaths::findExecutable(QStringLiteral("makensis")).isEmpty())
        QSKIP("makensis is not installed (apt-get install nsis): the NSIS settings are not checked");
    QVERIFY(m_dir.isValid());
    // Any payload will do for the installer's settings: a stub "executable" that is never run.
    const QString stub = m_dir.filePath(QStringLiteral("stub.exe"));
    QFile file(stub);
    QVERIFY(file.open(QIODevice::WriteOnly) && file.write("MZ stub") > 0);
    file.close();
    const QString build = m_dir.filePath(QStringLiteral("build"));
    run(QStringLiteral(FR2R_CMAKE),
        {QStringLiteral("-S"), QStringLiteral(FR2R_STUB_PROJECT), QStringLiteral("-B"), build,
         QStringLiteral("-DFR2R_SOURCE_DIR=" FR2R_SOURCE_DIR), QStringLiteral("-DFR2R_STUB_EXE=") + stub},
        m_dir.path());
    QVERIFY(!QTest::currentTestFailed());
    run(QStringLiteral(FR2R_CPACK), {QStringLiteral("-G"), QStringLiteral("NSIS64")}, build);
    QVERIFY(!QTest::currentTestFailed());
    QDirIterator scripts(build, {QStringLiteral("project.nsi")}, QDir::Files, QDirIterator::Subdirectories);
    QVERIFY(scripts.hasNext());
    m_script = scripts.next();
}

void TestNsisInstaller::installerIsBuilt()
{
    QFile installer(m_dir.filePath(QStringLiteral("build/FashionR2R-Studio-stub-win64.exe")));
    QVERIFY2(installer.open(QIODevice::ReadOnly), qPrintable(installer.fileName()));
    QCOMPARE(installer.read(2), QByteArray("MZ")); // a Windows executable
}

void TestNsisInstaller::scriptHasShortcutsAndUninstaller_data()
{
    QTest::addColumn<QString>("line");
    QTest::newRow("64-bit folder") << "$PROGRAMFILES64";
    QTest::newRow("start menu") << "CreateShortCut \"$SMPROGRAMS\\$STARTMENU_FOLDER\\FashionR2R Studio.lnk\" "
                                   "\"$INSTDIR\\bin\\fashionr2r.exe\"";
    QTest::newRow("desktop") << "CreateShortCut \"$DESKTOP\\FashionR2R Studio.lnk\" \"$INSTDIR\\bin\\fashionr2r.exe\"";
    QTest::newRow("uninstaller") << "WriteUninstaller \"$INSTDIR\\Uninstall.exe\"";
    QTest::newRow("licence page") << "!insertmacro MUI_PAGE_LICENSE";
}

void TestNsisInstaller::scriptHasShortcutsAndUninstaller()
{
    QFETCH(QString, line);
    QFile script(m_script);
    QVERIFY(script.open(QIODevice::ReadOnly));
    const QString text = QString::fromLocal8Bit(script.readAll());
    QVERIFY2(text.contains(line), qPrintable(line));
}

QTEST_GUILESS_MAIN(TestNsisInstaller)
#include "TestNsisInstaller.moc"
