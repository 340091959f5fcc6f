#include "ui/LogDock.h"

#include <QPlainTextEdit>
#include <QtTest>

using fr2r::core::LogLevel;

class TestLogDock : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void engineWarningsStandOut();
};

void TestLogDock::engineWarningsStandOut()
{
    fr2r::ui::LogDock dock;
    dock.appendEngineMessage(LogLevel::Info, QStringLiteral("tokenizer: the model's own"));
    dock.appendEngineMessage(LogLevel::Warning, QStringLiteral("LoRA: 3 modules not matched"));
    const QStringList lines = dock.findChild<QPlainTextEdit*>(QStringLiteral("logView"))->toPlainText().split('\n');
    QCOMPARE(lines.size(), 2);
    QVERIFY2(lines[0].endsWith(QStringLiteral("] tokenizer: the model's own")), qPrintable(lines[0]));
    QVERIFY2(lines[1].endsWith(QStringLiteral("] ⚠ Warning: LoRA: 3 modules not matched")), qPrintable(lines[1]));
}

QTEST_MAIN(TestLogDock)
#include "TestLogDock.moc"
