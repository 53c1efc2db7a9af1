// For the E2EE benchmark: two devices with real CryptoMachines over real SQLCipher stores, and an in-memory
// stand-in for the homeserver's key endpoints and to-device inboxes that answers their requests.
#pragma once

#include "crypto/crypto_backend.h"
#include "crypto/crypto_machine.h"
#include "store/account_store.h"
#include "sync/sync_delta.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>

#include <memory>

namespace estafette::bench {

// A stand-in for the homeserver's key endpoints and to-device inboxes (in memory; the crypto under test is real).

class KeyServer {
public:
    QJsonObject answer(const QString &user, const QString &device, const CryptoRequest &request)
    {
        const QString me = user + QLatin1Char('|') + device;
        switch (request.kind) {
        case CryptoRequest::Kind::KeysUpload: {
            if (request.body.contains("device_keys")) {
                QJsonObject devices = m_deviceKeys.value(user).toObject();
                devices.insert(device, request.body.value("device_keys"));
                m_deviceKeys.insert(user, devices);
            }
            QJsonObject &otks = m_oneTimeKeys[me];
            const QJsonObject uploaded = request.body.value("one_time_keys").toObject();
            for (auto it = uploaded.constBegin(); it != uploaded.constEnd(); ++it)
                otks.insert(it.key(), it.value());
            const QJsonObject fallback = request.body.value("fallback_keys").toObject();
            if (!fallback.isEmpty())
                m_fallbackKeys.insert(me, fallback);
            return QJsonObject{{"one_time_key_counts", QJsonObject{{"signed_curve25519", otks.size()}}}};
        }
        case CryptoRequest::Kind::KeysQuery: {
            QJsonObject found;
            const QJsonObject wanted = request.body.value("device_keys").toObject();
            for (auto it = wanted.constBegin(); it != wanted.constEnd(); ++it)
                found.insert(it.key(), m_deviceKeys.value(it.key()).toObject());
            return QJsonObject{{"device_keys", found}, {"failures", QJsonObject{}}};
        }
        case CryptoRequest::Kind::KeysClaim: {
            QJsonObject claimed;
            const QJsonObject wanted = request.body.value("one_time_keys").toObject();
            for (auto u = wanted.constBegin(); u != wanted.constEnd(); ++u) {
                QJsonObject perUser;
                const QJsonObject devices = u.value().toObject();
                for (auto d = devices.constBegin(); d != devices.constEnd(); ++d) {
                    const QString key = u.key() + QLatin1Char('|') + d.key();
                    QJsonObject &otks = m_oneTimeKeys[key];
                    if (!otks.isEmpty()) {
                        perUser.insert(d.key(), QJsonObject{{otks.begin().key(), otks.begin().value()}});
                        otks.erase(otks.begin());
                    } else if (m_fallbackKeys.contains(key)) {
                        perUser.insert(d.key(), m_fallbackKeys.value(key));
                    }
                }
                claimed.insert(u.key(), perUser);
            }
            return QJsonObject{{"one_time_keys", claimed}, {"failures", QJsonObject{}}};
        }
        case CryptoRequest::Kind::KeysChanges:
            return QJsonObject{{"changed", QJsonArray{}}, {"left", QJsonArray{}}};
        case CryptoRequest::Kind::ToDevice: {
            const QJsonObject messages = request.body.value("messages").toObject();
            for (auto u = messages.constBegin(); u != messages.constEnd(); ++u) {
                const QJsonObject devices = u.value().toObject();
                for (auto d = devices.constBegin(); d != devices.constEnd(); ++d) {
                    const QJsonObject event{{"type", request.eventType}, {"sender", user}, {"content", d.value()}};
                    if (d.key() == QLatin1String("*")) {
                        for (const QString &target : m_deviceKeys.value(u.key()).toObject().keys())
                            m_inbox[u.key() + QLatin1Char('|') + target].append(event);
                    } else {
                        m_inbox[u.key() + QLatin1Char('|') + d.key()].append(event);
                    }
                }
            }
            return {};
        }
        case CryptoRequest::Kind::None:
            break;
        }
        return {};
    }

    QJsonArray takeInbox(const QString &user, const QString &device)
    {
        return m_inbox.take(user + QLatin1Char('|') + device);
    }

private:
    QJsonObject m_deviceKeys;                 // user -> device -> signed device keys
    QHash<QString, QJsonObject> m_oneTimeKeys; // user|device -> key id -> signed key
    QHash<QString, QJsonObject> m_fallbackKeys;
    QHash<QString, QJsonArray> m_inbox;       // user|device -> to-device events
};

// One device: its database and its machine, on the calling thread.
struct Device {
    QString user;
    QString device;
    std::unique_ptr<AccountStore> store;
    std::unique_ptr<CryptoBackend> backend;
    std::unique_ptr<CryptoMachine> machine;

    void open(const QString &path, const QByteArray &key)
    {
        StoreError error;
        store = AccountStore::open(path, key, &error);
        if (!store)
            qFatal("open %s: %s", qPrintable(path), qPrintable(error.detail));
        backend = createCryptoBackend();
        AccountStore *s = store.get();
        machine = std::make_unique<CryptoMachine>(
            *backend, s->crypto(), [s](const StoredCryptoAccount &account) { return s->saveCryptoAccount(account); },
            user, device);
        QString startError;
        if (!machine->start(s->loadCryptoAccount(), s->syncToken(), &startError))
            qFatal("machine start: %s", qPrintable(startError));
    }
    void close()
    {
        machine.reset();
        backend.reset();
        store.reset();
    }

    // Sends what the machine asks for to the key server until nothing is due.
    void pump(KeyServer &server)
    {
        for (int round = 0; round < 20; ++round) {
            QList<CryptoRequest> requests;
            store->inTransaction([&] {
                requests = machine->outgoingRequests();
                return true;
            });
            if (requests.isEmpty())
                return;
            for (const CryptoRequest &r : std::as_const(requests))
                succeed(r, server.answer(user, device, r));
        }
        qFatal("%s: requests never settle", qPrintable(user));
    }
    void succeed(const CryptoRequest &request, const QJsonObject &response)
    {
        if (!store->inTransaction([&] { return machine->requestSucceeded(request, response); }))
            qFatal("%s: requestSucceeded failed", qPrintable(user));
    }

    // The whole incoming pipeline for one response, on this thread (what StoreBridge::writeSync runs).
    SyncDelta receive(const QByteArray &bytes)
    {
        SyncParseResult parsed = parseSyncResponse(bytes);
        if (!parsed.ok)
            qFatal("parse: %s", qPrintable(parsed.error));
        QMap<QString, QList<Event>> redecrypted;
        if (!store->inTransaction([&] { return machine->receiveSync(parsed.delta, &redecrypted) && store->writeSync(parsed.delta); }))
            qFatal("%s: sync not stored: %s", qPrintable(user), qPrintable(store->lastError()));
        return parsed.delta;
    }
};

} // namespace estafette::bench
