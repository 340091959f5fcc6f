#pragma once

#include "core/ImageBuffer.h"
#include "core/diffusion/RigMetadata.h"
#include "core/diffusion/RigParams.h"
#include "ui/EngineController.h" // also declares the metatypes of the signals below

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QVector>

namespace fr2r::ui {

// "Translate all": one image after another through the engine with the same parameters, each
// result written as a PNG with metadata below the output folder (relative names kept).
class BatchRunner : public QObject
{
    Q_OBJECT

public:
    struct Item
    {
        QString path;
        QString relativeName;
    };

    BatchRunner(EngineController* engine, QObject* parent = nullptr);

    void start(const QVector<Item>& items, const fr2r::core::RigParams& params, const QString& outputFolder,
               const fr2r::core::RigMetadata& metadata);
    void cancelAll();
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    void progress(int done, int total, double etaSeconds);
    void itemWritten(const QString& outputPath, const fr2r::ImageBuffer& image);
    void message(const QString& text, const QString& details);
    void finished(int written, int failed);

private:
    void next();
    void itemFinished(bool written);
    void translateLoaded(const fr2r::ImageBuffer& input, const QString& error);
    void writeResult(const fr2r::ImageBuffer& result);

    EngineController* m_engine;
    QVector<Item> m_items;
    fr2r::core::RigParams m_params;
    fr2r::core::RigMetadata m_metadata;
    QString m_outputFolder;
    int m_index = 0;
    int m_written = 0;
    int m_failed = 0;
    quint64 m_job = 0;
    bool m_running = false;
    QElapsedTimer m_clock;
};

} // namespace fr2r::ui
