#pragma once

#include "core/api/ImageBuffer.h"
#include "core/api/RigMetadata.h"
#include "core/api/RigParams.h"
#include "imaging/GridComposer.h"

#include <QFont>
#include <QMap>
#include <QObject>
#include <QSize>
#include <QString>
#include <QStringList>
#include <QVector>

#include <vector>

namespace fr2r::ui {

class SweepGridModel;

// Saves a sweep: the labelled grid as one PNG carrying the sweep's parameters as text chunks, optionally
// every cell as its own PNG and a CSV of the metrics. Labels are drawn with Qt (SweepGridText), the pixels
// composed by imaging's GridComposer; cells take the render's aspect, at least kMinimumCellSide long.
// Every file is written atomically on a worker thread; the caller hears finished() or failed() while it lives.
class SweepExport : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        bool includeInput = true; // the rendered input as the first column
        bool captions = true;     // SSIM under each cell, where known
        bool cellFiles = false;   // each cell as <name>_s<strength>_g<gamma>.png beside the grid
        bool csv = true;          // <name>.csv: strength,gamma,ssim[,lpips],file
    };

    // A copy of everything the worker needs, taken on the GUI thread.
    struct Job
    {
        QString pngPath;
        Options options;
        QFont font; // the application's
        QString inputName;
        fr2r::core::RigMetadata metadata; // the engine's (model and input hashes): the grid's and every cell's
        fr2r::core::RigParams base;
        QVector<double> strengths;
        QVector<double> gammas;
        std::vector<fr2r::ImageBuffer> cells;  // row-major; null where the sweep did not finish
        std::vector<QMap<QString, double>> metrics; // row-major
        fr2r::ImageBuffer input;
    };

    struct Result
    {
        QStringList files; // grid PNG first
        fr2r::imaging::GridLayout layout;
    };

    static constexpr int kMinimumCellSide = 256; // long side, or the working size if larger

    explicit SweepExport(QObject* parent = nullptr);

    // Final cells only: a preview cell is exported as not finished.
    static Job snapshot(const SweepGridModel& model, const fr2r::ImageBuffer& input, const QString& inputName,
                        const fr2r::core::RigParams& base, const fr2r::core::RigMetadata& metadata, const QString& pngPath,
                        const Options& options);

    void start(const Job& job); // a second start while one runs fails at once
    bool isRunning() const;

    // The worker's whole job, callable directly: throws fr2r::Error naming the file that failed.
    static Result write(const Job& job);
    static fr2r::imaging::GridSpec gridSpec(const Job& job);
    static QString csvText(const Job& job, const QStringList& cellFileNames); // names per cell, row-major
    static QString cellFileName(const Job& job, int row, int column);
    // Names the image, the model and the settings every cell shares; the chart's export uses it too.
    // resultSize: the size the results were made at (the working size clamped to the render); empty: the setting.
    static QString titleText(const QString& inputName, const QString& modelName, const fr2r::core::RigParams& base,
                             const QSize& resultSize);

Q_SIGNALS:
    void finished(const QStringList& files);
    void failed(const QString& message);

private:
    struct Outcome
    {
        QStringList files;
        QString error; // empty on success
    };
    bool m_running = false;
};

} // namespace fr2r::ui
