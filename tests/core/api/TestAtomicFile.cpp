#include "core/api/Error.h"
#include "core/api/AtomicFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

using fr2r::core::AtomicFile;

class TestAtomicFile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void twoWritersUseTheirOwnTemporaries();
    void plantedLinksAreNeverFollowed();
    void targetUntouchedWithoutCommit();
    void unwritableFolderNamesTheFile();

private:
    QByteArray read(const QString& name) const;
    void write(const QString& name, const QByteArray& bytes) const;
    QStringList entries() const { return QDir(m_dir->path()).entryList(QDir::Files | QDir::Hidden | QDir::System, QDir::Name); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::string m_target;
};

void TestAtomicFile::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_target = m_dir->filePath(QStringLiteral("out.png")).toStdString();
}

QByteArray TestAtomicFile::read(const QString& name) const
{
    QFile file(m_dir->filePath(name));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<missing>");
}

void TestAtomicFile::write(const QString& name, const QByteArray& bytes) const
{
    QFile file(m_dir->filePath(name));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(bytes);
}

void TestAtomicFile::twoWritersUseTheirOwnTemporaries()
{
    // Two writers of one target (two shards, the GUI and the CLI) interleave their bytes.
    AtomicFile first(m_target);
    AtomicFile second(m_target);
    QVERIFY(first.temporaryPath() != second.temporaryPath());
    QCOMPARE(QFileInfo(QString::fromStdString(first.temporaryPath())).absolutePath(), QDir(m_dir->path()).absolutePath());
    QVERIFY(QFileInfo(QString::fromStdString(first.temporaryPath())).fileName().startsWith(QStringLiteral(".out.png.")));
    first.write("AAAA", 4);
    second.write("BBBBBBBB", 8);
    first.write("aaaa", 4);
    second.commit();
    first.commit();
    QCOMPARE(read(QStringLiteral("out.png")), QByteArray("AAAAaaaa"));
    QCOMPARE(entries(), QStringList{QStringLiteral("out.png")});
}

void TestAtomicFile::plantedLinksAreNeverFollowed()
{
    write(QStringLiteral("victim"), "keep me");
    const QString victim = m_dir->filePath(QStringLiteral("victim"));
    // The old fixed temporary name, and the target itself, as links to another file.
    QVERIFY(QFile::link(victim, QString::fromStdString(m_target + ".partial")));
    QVERIFY(QFile::link(victim, QString::fromStdString(m_target)));
    AtomicFile file(m_target);
    QVERIFY(!QFileInfo(QString::fromStdString(file.temporaryPath())).isSymLink());
    file.write("new", 3);
    file.commit();
    QCOMPARE(read(QStringLiteral("victim")), QByteArray("keep me"));
    QVERIFY(!QFileInfo(QString::fromStdString(m_target)).isSymLink());
    QCOMPARE(read(QStringLiteral("out.png")), QByteArray("new"));
}

void TestAtomicFile::targetUntouchedWithoutCommit()
{
    write(QStringLiteral("out.png"), "old");
    std::string temporary;
    {
        AtomicFile file(m_target);
        temporary = file.temporaryPath();
        file.write("half of the new", 15);
        QVERIFY(QFile::exists(QString::fromStdString(temporary)));
    } // a failure or a cancel: no commit
    QCOMPARE(read(QStringLiteral("out.png")), QByteArray("old"));
    QCOMPARE(entries(), QStringList{QStringLiteral("out.png")});
}

void TestAtomicFile::unwritableFolderNamesTheFile()
{
    const std::string missing = m_dir->filePath(QStringLiteral("no/such/folder/out.png")).toStdString();
    try {
        AtomicFile file(missing);
        QFAIL("a file in a missing folder was opened");
    } catch (const fr2r::Error& error) {
        QVERIFY2(std::string(error.what()).find(missing) != std::string::npos, error.what());
    }
}

QTEST_GUILESS_MAIN(TestAtomicFile)
#include "TestAtomicFile.moc"
