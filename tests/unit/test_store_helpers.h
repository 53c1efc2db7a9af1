// Shared by the test_store_* tests: events and deltas built in code, keys, reading every file of a folder.
#pragma once

#include "store/account_store.h"
#include "sync/sync_delta.h"

#include <QDebug>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>

#include <memory>

namespace estafette::storetest {

inline QByteArray key(char fill = 'k')
{
    QByteArray k(32, fill);
    for (int i = 0; i < k.size(); ++i)
        k[i] = char(k[i] + i);
    return k;
}

// The account store at `path` opened with key() (created when absent); nullptr with a warning on failure.
inline std::unique_ptr<AccountStore> openStore(const QString &path)
{
    StoreError error;
    auto store = AccountStore::open(path, key(), &error);
    if (!store)
        qWarning() << "store not opened:" << error.detail;
    return store;
}

inline Event message(const QString &eventId, const QString &sender, const QString &body, qint64 ts = 1000)
{
    return Event(QJsonObject{{"type", "m.room.message"}, {"event_id", eventId}, {"sender", sender},
                             {"origin_server_ts", ts},
                             {"content", QJsonObject{{"msgtype", "m.text"}, {"body", body}}}});
}

inline Event stateEvent(const QString &type, const QString &stateKey, const QJsonObject &content,
                        const QString &eventId = {}, const QString &sender = QStringLiteral("@admin:x"))
{
    QJsonObject json{{"type", type}, {"state_key", stateKey}, {"sender", sender}, {"content", content},
                     {"origin_server_ts", 500}};
    if (!eventId.isEmpty())
        json.insert("event_id", eventId);
    return Event(json);
}

inline Event member(const QString &userId, const QString &membership, const QString &displayName,
                    const QString &eventId = {})
{
    return stateEvent("m.room.member", userId, QJsonObject{{"membership", membership}, {"displayname", displayName}},
                      eventId, userId);
}

inline Event accountData(const QString &type, const QJsonObject &content)
{
    return Event(QJsonObject{{"type", type}, {"content", content}});
}

inline RoomDelta joined(const QString &roomId, const QList<Event> &state, const QList<Event> &timeline,
                        bool limited = false, const QString &prevBatch = {})
{
    RoomDelta rd;
    rd.roomId = roomId;
    rd.membership = Membership::Join;
    rd.state = state;
    rd.timeline = timeline;
    rd.limited = limited;
    rd.prevBatch = prevBatch;
    return rd;
}

inline QStringList ids(const QList<Event> &events)
{
    QStringList list;
    for (const Event &e : events)
        list << e.eventId();
    return list;
}

inline QStringList bodies(const QList<Event> &events)
{
    QStringList list;
    for (const Event &e : events)
        list << e.content().value("body").toString();
    return list;
}

inline const RoomDelta *findRoom(const SyncDelta &delta, const QString &roomId)
{
    for (const RoomDelta &rd : delta.rooms) {
        if (rd.roomId == roomId)
            return &rd;
    }
    return nullptr;
}

// Every file of the folder (recursively), name -> bytes.
inline QHash<QString, QByteArray> readAllFiles(const QString &dir)
{
    QHash<QString, QByteArray> files;
    const QFileInfoList entries = QDir(dir).entryInfoList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden);
    for (const QFileInfo &info : entries) {
        if (info.isDir()) {
            files.insert(readAllFiles(info.filePath()));
            continue;
        }
        QFile f(info.filePath());
        if (f.open(QIODevice::ReadOnly))
            files.insert(info.filePath(), f.readAll());
    }
    return files;
}

} // namespace estafette::storetest
