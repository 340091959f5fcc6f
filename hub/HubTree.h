#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace fr2r::hub {

// One file of a hub repository as its tree listing describes it.
struct HubFile
{
    QString path;      // relative to the repository root, '/'-separated
    qint64 size = 0;
    QByteArray sha256; // lower-case hex of the LFS object; empty for files kept in git itself
};

// Which files of a diffusers repository make a loadable Stable Diffusion 1.x folder, and reading the hub's
// `api/models/{repo}/tree/{revision}/{folder}` listings that give their sizes and hashes.
class HubTree
{
public:
    // The fp16 safetensors variant: core/io's loader takes `*.fp16.safetensors` as it is. No pickled file.
    static QStringList sd15Files();
    // The folders whose listings hold the files: "" (the root) first.
    static QStringList folders(const QStringList& files);

    // Throws DownloadError naming the url when the answer is not a listing.
    static QList<HubFile> parseListing(const QByteArray& json, const QString& url);
    // The wanted files from the listings, in the order asked; throws DownloadError naming a missing one.
    static QList<HubFile> select(const QList<HubFile>& listed, const QStringList& wanted, const QString& repo);
};

} // namespace fr2r::hub
