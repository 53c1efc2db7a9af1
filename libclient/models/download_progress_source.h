#pragma once

#include "models/transfer_progress.h"

#include <QObject>
#include <QString>

#include <optional>

namespace estafette {

// How far the downloads of files shown in the timeline got (a Save or an Open in progress), by the file's key
// (its mxc URI, MediaContent::source().url). The timeline shows a progress bar with a cancel button on the file's
// card while one runs. Called on the GUI thread; must return at once.
class DownloadProgressSource : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    // nullopt when no download of `key` is running; 0 of 0 when one is starting.
    virtual std::optional<TransferProgress> progress(const QString &key) const = 0;

signals:
    // A download of `key` started, moved on, ended or was cancelled.
    void progressChanged(const QString &key);
};

} // namespace estafette
