#include "hub/HubTree.h"

#include "hub/DownloadError.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace fr2r::hub {

QStringList HubTree::sd15Files()
{
    return {QStringLiteral("model_index.json"),
            QStringLiteral("scheduler/scheduler_config.json"),
            QStringLiteral("tokenizer/vocab.json"),
            QStringLiteral("tokenizer/merges.txt"),
            QStringLiteral("tokenizer/tokenizer_config.json"),
            QStringLiteral("tokenizer/special_tokens_map.json"),
            QStringLiteral("text_encoder/config.json"),
            QStringLiteral("text_encoder/model.fp16.safetensors"),
            QStringLiteral("unet/config.json"),
            QStringLiteral("unet/diffusion_pytorch_model.fp16.safetensors"),
            QStringLiteral("vae/config.json"),
            QStringLiteral("vae/diffusion_pytorch_model.fp16.safetensors")};
}

QStringList HubTree::folders(const QStringList& files)
{
    QStringList folders{QString()};
    for (const QString& file : files) {
        const QString folder = file.section(QLatin1Char('/'), 0, -2);
        if (!folders.contains(folder))
            folders.append(folder);
    }
    return folders;
}

QList<HubFile> HubTree::parseListing(const QByteArray& json, const QString& url)
{
    static const QRegularExpression sha256(QStringLiteral("^[0-9a-f]{64}$"));
    const QJsonDocument document = QJsonDocument::fromJson(json);
    if (!document.isArray())
        throw DownloadError(url.toStdString() + ": the hub's answer is not a file listing (a JSON array)");
    QList<HubFile> files;
    for (const QJsonValue& value : document.array()) {
        const QJsonObject entry = value.toObject();
        if (entry.value(QLatin1String("type")).toString() != QLatin1String("file"))
            continue;
        HubFile file{entry.value(QLatin1String("path")).toString(), entry.value(QLatin1String("size")).toInteger(), {}};
        const QJsonObject lfs = entry.value(QLatin1String("lfs")).toObject();
        if (!lfs.isEmpty()) {
            file.sha256 = lfs.value(QLatin1String("oid")).toString().toLatin1();
            file.size = lfs.value(QLatin1String("size")).toInteger(file.size);
            if (!sha256.match(QString::fromLatin1(file.sha256)).hasMatch())
                throw DownloadError(url.toStdString() + ": " + file.path.toStdString() +
                                    " has no SHA-256 (lfs.oid) to check it against");
        }
        if (file.path.isEmpty() || file.size < 0)
            throw DownloadError(url.toStdString() + ": a listed file has no path or a negative size");
        files.append(file);
    }
    return files;
}

QList<HubFile> HubTree::select(const QList<HubFile>& listed, const QStringList& wanted, const QString& repo)
{
    QHash<QString, HubFile> byPath;
    for (const HubFile& file : listed)
        byPath.insert(file.path, file);
    QList<HubFile> selected;
    for (const QString& path : wanted) {
        if (!byPath.contains(path))
            throw DownloadError(repo.toStdString() + " has no " + path.toStdString() +
                                " (a diffusers Stable Diffusion 1.x repository with the fp16 safetensors variant is needed)");
        selected.append(byPath.value(path));
    }
    return selected;
}

} // namespace fr2r::hub
