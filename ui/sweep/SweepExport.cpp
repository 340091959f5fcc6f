#include "ui/sweep/SweepExport.h"

#include "core/api/Error.h"
#include "core/api/RigMetadata.h"
#include "imaging/FileBytes.h"
#include "imaging/PngWriter.h"
#include "imaging/ResultFile.h"
#include "ui/AsyncTask.h"
#include "ui/sweep/SweepGridAxis.h"
#include "ui/sweep/SweepGridModel.h"
#include "ui/sweep/SweepGridText.h"

#include <QDir>
#include <QFileInfo>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>

namespace fr2r::ui {

namespace {

using fr2r::imaging::GridSize;
using fr2r::imaging::GridText;

// The chunk beside "parameters" and "fr2r" that names the grid's axes.
constexpr const char* kSweepChunk = "fr2r-sweep";

std::string utf8(const QString& text)
{
    return text.toUtf8().toStdString();
}

QJsonArray toJson(const QVector<double>& values)
{
    QJsonArray array;
    for (double value : values)
        array.append(value);
    return array;
}

// Metric columns: SSIM always, the others only when some cell has them.
QStringList csvMetrics(const SweepExport::Job& job)
{
    QStringList names{SweepGridModel::Ssim};
    for (const auto& metrics : job.metrics)
        for (auto it = metrics.constBegin(); it != metrics.constEnd(); ++it)
            if (!names.contains(it.key()))
                names.push_back(it.key());
    std::sort(names.begin() + 1, names.end());
    return names;
}

using TextChunks = std::vector<std::pair<std::string, std::string>>;

// A single result's chunks (imaging::writeResult) for the base parameters, plus the grid's axes.
TextChunks gridChunks(const SweepExport::Job& job, int cellWidth, int cellHeight)
{
    fr2r::core::RigMetadata metadata = job.metadata;
    metadata.width = cellWidth;
    metadata.height = cellHeight;
    TextChunks chunks{{fr2r::core::kParametersChunk, fr2r::core::a1111Parameters(job.base, metadata)},
                      {fr2r::core::kSettingsChunk, fr2r::core::settingsJson(job.base, metadata)}};
    chunks[0].second += utf8(QStringLiteral(", Sweep strengths: \"%1\", Sweep gammas: \"%2\"")
                                 .arg(SweepGridAxis::format(job.strengths), SweepGridAxis::format(job.gammas)));
    const QJsonObject sweep{{QStringLiteral("format"), QStringLiteral("fashionr2r-sweep")},
                            {QStringLiteral("strengths"), toJson(job.strengths)},
                            {QStringLiteral("gammas"), toJson(job.gammas)},
                            {QStringLiteral("input_column"), job.options.includeInput && !job.input.isNull()}};
    chunks.emplace_back(kSweepChunk, QJsonDocument(sweep).toJson(QJsonDocument::Compact).toStdString());
    return chunks;
}

void writeText(const QString& path, const QString& text)
{
    const QByteArray bytes = text.toUtf8();
    try {
        fr2r::imaging::writeFileBytes(utf8(path), bytes.constData(), static_cast<size_t>(bytes.size()));
    } catch (const fr2r::Error& error) {
        throw fr2r::Error(std::string(error.what()) + ". Choose a folder you can write to.");
    }
}

// The first finished cell, null when none is.
const fr2r::ImageBuffer* firstResult(const SweepExport::Job& job)
{
    const auto found = std::find_if(job.cells.begin(), job.cells.end(), [](const auto& cell) { return !cell.isNull(); });
    return found == job.cells.end() ? nullptr : &*found;
}

QSize resultSize(const SweepExport::Job& job)
{
    const fr2r::ImageBuffer* result = firstResult(job);
    return result ? QSize(result->width, result->height) : QSize();
}

// The render's aspect (results are within one latent pixel of it, and the input column must not be stretched),
// kMinimumCellSide or the working size long, whichever is larger; empty when there is no image at all.
GridSize exportCellSize(const SweepExport::Job& job)
{
    const fr2r::ImageBuffer* result = firstResult(job);
    const fr2r::ImageBuffer& shape = job.input.isNull() && result ? *result : job.input;
    if (shape.isNull())
        return {};
    const int longSide = std::max(SweepExport::kMinimumCellSide, job.base.workingSize);
    const double aspect = double(shape.width) / shape.height;
    if (aspect >= 1.0)
        return {longSide, std::max(1, int(std::lround(longSide / aspect)))};
    return {std::max(1, int(std::lround(longSide * aspect))), longSide};
}

GridText textImage(const fr2r::ImageBuffer& image)
{
    return image.isNull() ? GridText() : GridText(image);
}

} // namespace

SweepExport::SweepExport(QObject* parent)
    : QObject(parent)
{
    setObjectName(QStringLiteral("sweepExport"));
}

SweepExport::Job SweepExport::snapshot(const SweepGridModel& model, const fr2r::ImageBuffer& input,
                                       const QString& inputName, const fr2r::core::RigParams& base,
                                       const fr2r::core::RigMetadata& metadata, const QString& pngPath,
                                       const Options& options)
{
    Job job;
    job.pngPath = pngPath;
    job.options = options;
    job.font = QGuiApplication::font();
    job.inputName = inputName;
    job.metadata = metadata;
    job.base = base;
    job.strengths = model.strengths();
    job.gammas = model.gammas();
    job.input = input;
    for (int r = 0; r < model.rowCount(); ++r) {
        for (int c = 0; c < model.columnCount(); ++c) {
            const SweepGridModel::Cell& cell = model.cell(r, c);
            job.cells.push_back(cell.isFinal() ? cell.image : fr2r::ImageBuffer()); // previews are left out
            job.metrics.push_back(cell.metrics);
        }
    }
    return job;
}

void SweepExport::start(const Job& job)
{
    if (isRunning()) {
        Q_EMIT failed(tr("An export is still running; wait for it to finish."));
        return;
    }
    m_running = true;
    const auto work = [job]() -> Outcome {
        try {
            return Outcome{write(job).files, {}};
        } catch (const std::exception& error) { // fr2r::Error naming the file, or an allocation failure
            return Outcome{{}, tr("Could not export the sweep: %1").arg(QString::fromUtf8(error.what()))};
        }
    };
    AsyncTask::runThenCallback(work, this, [this](const Outcome& outcome) {
        m_running = false;
        if (outcome.error.isEmpty())
            Q_EMIT finished(outcome.files);
        else
            Q_EMIT failed(outcome.error);
    });
}

bool SweepExport::isRunning() const
{
    return m_running;
}

QString SweepExport::titleText(const QString& inputName, const QString& modelName, const fr2r::core::RigParams& base,
                               const QSize& resultSize)
{
    QStringList levels;
    for (int level : base.tacLevels)
        levels.push_back(QString::number(level));
    QString title = inputName.isEmpty() ? QString() : tr("Image: %1. ").arg(inputName);
    if (!modelName.isEmpty())
        title += tr("Model: %1. ").arg(modelName);
    if (!base.positivePrompt.empty())
        title += tr("Prompt: \"%1\". ").arg(QString::fromStdString(base.positivePrompt));
    const QString branches = base.tacBranches == fr2r::core::TacBranches::Both ? tr("both branches") : tr("positive branch");
    return title + tr("%1 steps, CFG %2, TAC levels %3 (%4), size %5")
                       .arg(base.steps)
                       .arg(SweepGridAxis::formatValue(base.guidance))
                       .arg(levels.join(QLatin1Char(',')), branches)
                       .arg(resultSize.isEmpty() ? QString::number(base.workingSize)
                                                 : QStringLiteral("%1x%2").arg(resultSize.width()).arg(resultSize.height()));
}

fr2r::imaging::GridSpec SweepExport::gridSpec(const Job& job)
{
    fr2r::imaging::GridSpec spec;
    spec.rows = job.strengths.size();
    spec.columns = job.gammas.size();
    spec.cells = job.cells;
    spec.cellSize = exportCellSize(job);
    if (job.options.includeInput)
        spec.input = job.input;
    const int cellWidth = spec.cellSize.width;
    const int columns = spec.columns + (spec.input.isNull() ? 0 : 1);
    const SweepGridText text(job.font, spec.cellSize);
    spec.title = textImage(text.title(titleText(job.inputName, QString::fromStdString(job.metadata.modelName), job.base,
                                                       resultSize(job)), columns * cellWidth));
    spec.rowTitle = textImage(text.axisTitle(tr("Denoising strength"), spec.rows * spec.cellSize.height));
    spec.columnTitle = textImage(text.axisTitle(tr("TAC ratio γ"), spec.columns * cellWidth));
    spec.inputLabel = textImage(text.label(tr("Input"), cellWidth));
    for (double strength : job.strengths)
        spec.rowLabels.push_back(textImage(text.label(SweepGridAxis::formatValue(strength), cellWidth)));
    for (double gamma : job.gammas)
        spec.columnLabels.push_back(textImage(text.label(SweepGridAxis::formatValue(gamma), cellWidth)));
    if (job.options.captions) {
        for (const auto& metrics : job.metrics) {
            const auto ssim = metrics.constFind(SweepGridModel::Ssim);
            spec.captions.push_back(ssim == metrics.constEnd()
                                        ? GridText()
                                        : textImage(text.caption(tr("SSIM %1").arg(QString::number(ssim.value(), 'f', 3)), cellWidth)));
        }
    }
    return spec;
}

QString SweepExport::cellFileName(const Job& job, int row, int column)
{
    return QStringLiteral("%1_s%2_g%3.png")
        .arg(QFileInfo(job.pngPath).completeBaseName(), SweepGridAxis::formatValue(job.strengths[row]),
             SweepGridAxis::formatValue(job.gammas[column]));
}

QString SweepExport::csvText(const Job& job, const QStringList& cellFileNames)
{
    const QStringList metrics = csvMetrics(job);
    QString text = QStringLiteral("strength,gamma,%1,file\n").arg(metrics.join(QLatin1Char(',')));
    for (int r = 0; r < job.strengths.size(); ++r) {
        for (int c = 0; c < job.gammas.size(); ++c) {
            const size_t index = size_t(r) * job.gammas.size() + c;
            if (job.cells[index].isNull())
                continue;
            QStringList fields{SweepGridAxis::formatValue(job.strengths[r]), SweepGridAxis::formatValue(job.gammas[c])};
            for (const QString& metric : metrics) {
                const auto value = job.metrics[index].constFind(metric);
                fields.push_back(value == job.metrics[index].constEnd() ? QString() : QString::number(value.value(), 'f', 6));
            }
            fields.push_back(cellFileNames.value(int(index)));
            text += fields.join(QLatin1Char(',')) + QLatin1Char('\n');
        }
    }
    return text;
}

SweepExport::Result SweepExport::write(const Job& job)
{
    if (job.cells.size() != size_t(job.strengths.size()) * job.gammas.size() || job.metrics.size() != job.cells.size())
        throw fr2r::InvalidArgumentError("sweep export: the cells do not match the strengths and gammas");
    const fr2r::imaging::GridImage grid = fr2r::imaging::composeGrid(gridSpec(job));
    Result result;
    result.layout = grid.layout;
    // The chunks describe the results as generated, not as enlarged for the grid.
    const fr2r::ImageBuffer* generated = firstResult(job);
    const GridSize resultSize = generated ? GridSize{generated->width, generated->height}
                                          : GridSize{grid.layout.cellWidth, grid.layout.cellHeight};
    fr2r::imaging::writePng(utf8(job.pngPath), grid.image, gridChunks(job, resultSize.width, resultSize.height));
    result.files.push_back(job.pngPath);

    const QDir folder = QFileInfo(job.pngPath).dir();
    QStringList cellNames;
    for (int r = 0; r < job.strengths.size(); ++r) {
        for (int c = 0; c < job.gammas.size(); ++c) {
            const fr2r::ImageBuffer& cell = job.cells[size_t(r) * job.gammas.size() + c];
            if (!job.options.cellFiles || cell.isNull()) {
                cellNames.push_back(QString());
                continue;
            }
            fr2r::core::RigParams params = job.base;
            params.strength = job.strengths[r];
            params.gamma = job.gammas[c];
            cellNames.push_back(cellFileName(job, r, c));
            const QString path = folder.filePath(cellNames.back());
            fr2r::imaging::writeResult(utf8(path), cell, params, job.metadata);
            result.files.push_back(path);
        }
    }
    if (job.options.csv) {
        const QString path = folder.filePath(QFileInfo(job.pngPath).completeBaseName() + QStringLiteral(".csv"));
        writeText(path, csvText(job, cellNames));
        result.files.push_back(path);
    }
    return result;
}

} // namespace fr2r::ui

#include "moc_SweepExport.cpp"
