#include "ui/SweepExport.h"

#include "core/Error.h"
#include "core/diffusion/RigMetadata.h"
#include "imaging/FileBytes.h"
#include "imaging/PngWriter.h"
#include "imaging/ResultFile.h"
#include "ui/SweepGridAxis.h"
#include "ui/SweepGridModel.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace fr2r::ui {

namespace {

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
    fr2r::core::RigMetadata metadata;
    metadata.modelName = utf8(job.modelName);
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

} // namespace

SweepExport::SweepExport(QObject* parent)
    : QObject(parent)
{
    setObjectName(QStringLiteral("sweepExport"));
    connect(&m_watcher, &QFutureWatcher<Outcome>::finished, this, [this] {
        const Outcome outcome = m_watcher.result();
        if (outcome.error.isEmpty())
            Q_EMIT finished(outcome.files);
        else
            Q_EMIT failed(outcome.error);
    });
}

SweepExport::~SweepExport()
{
    m_watcher.waitForFinished();
}

SweepExport::Job SweepExport::snapshot(const SweepGridModel& model, const fr2r::ImageBuffer& input,
                                       const fr2r::core::RigParams& base, const QString& modelName,
                                       const QString& pngPath, const Options& options)
{
    Job job;
    job.pngPath = pngPath;
    job.options = options;
    job.modelName = modelName;
    job.base = base;
    job.strengths = model.strengths();
    job.gammas = model.gammas();
    job.input = input;
    for (int r = 0; r < model.rowCount(); ++r) {
        for (int c = 0; c < model.columnCount(); ++c) {
            job.cells.push_back(model.cell(r, c).image);
            job.metrics.push_back(model.cell(r, c).metrics);
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
    m_watcher.setFuture(QtConcurrent::run([job]() -> Outcome {
        try {
            return Outcome{write(job).files, {}};
        } catch (const fr2r::Error& error) {
            return Outcome{{}, tr("Could not export the sweep: %1").arg(QString::fromUtf8(error.what()))};
        } catch (const std::exception& error) {
            return Outcome{{}, tr("Could not export the sweep: %1").arg(QString::fromUtf8(error.what()))};
        }
    }));
}

bool SweepExport::isRunning() const
{
    return m_watcher.isRunning();
}

QString SweepExport::titleText(const Job& job)
{
    const fr2r::core::RigParams& p = job.base;
    QStringList levels;
    for (int level : p.tacLevels)
        levels.push_back(QString::number(level));
    QString title = job.modelName.isEmpty() ? QString() : tr("Model: %1. ").arg(job.modelName);
    if (!p.positivePrompt.empty())
        title += tr("Prompt: \"%1\". ").arg(QString::fromStdString(p.positivePrompt));
    return title + tr("%1 steps, CFG %2, seed %3, TAC levels %4 (%5), size %6")
                       .arg(p.steps)
                       .arg(SweepGridAxis::formatValue(p.guidance))
                       .arg(p.seed)
                       .arg(levels.join(QLatin1Char(',')), QString::fromStdString(fr2r::core::toString(p.tacBranches)))
                       .arg(p.workingSize);
}

fr2r::imaging::GridSpec SweepExport::gridSpec(const Job& job)
{
    fr2r::imaging::GridSpec spec;
    spec.rows = job.strengths.size();
    spec.columns = job.gammas.size();
    spec.cells = job.cells;
    spec.title = utf8(titleText(job));
    spec.rowTitle = utf8(tr("Denoising strength"));
    spec.columnTitle = utf8(tr("TAC ratio γ"));
    spec.inputLabel = utf8(tr("Input"));
    for (double strength : job.strengths)
        spec.rowLabels.emplace_back(utf8(SweepGridAxis::formatValue(strength)));
    for (double gamma : job.gammas)
        spec.columnLabels.emplace_back(utf8(SweepGridAxis::formatValue(gamma)));
    if (job.options.captions) {
        for (const auto& metrics : job.metrics) {
            const auto ssim = metrics.constFind(SweepGridModel::Ssim);
            spec.captions.emplace_back(ssim == metrics.constEnd()
                                           ? std::string()
                                           : utf8(tr("SSIM %1").arg(QString::number(ssim.value(), 'f', 3))));
        }
    }
    if (job.options.includeInput)
        spec.input = job.input;
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
    fr2r::imaging::writePng(utf8(job.pngPath), grid.image, gridChunks(job, grid.layout.cellWidth, grid.layout.cellHeight));
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
            fr2r::core::RigMetadata metadata;
            metadata.modelName = utf8(job.modelName);
            fr2r::imaging::writeResult(utf8(path), cell, params, metadata);
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
