// Megolm benchmark (a program, not a test): 10,000 m.room.encrypted events decrypted through the real incoming
// pipeline, next to raw libolm on the same machine. Target (issue: E2EE): the pipeline at >= 70% of raw libolm.
//
//   raw libolm   one outbound/inbound group session through libolm's C API; the N messages encrypted once, then
//                timed: olm_group_decrypt of each in order (on a fresh copy of its base64 ciphertext, which libolm
//                decodes in place; output buffers sized once, no olm_group_decrypt_max_plaintext_length call).
//                Measured alone (all N in one loop), and interleaved with the direct pipeline (before each sync
//                response, raw decrypts as many messages, timed apart): a ratio taken at the same moments, which
//                the load of a shared machine hardly moves.
//   pipeline     Alice's CryptoMachine shares a room key with Bob's through the request/answer flow (keys upload,
//                query, claim, Olm to-device m.room_key) answered by a small in-memory stand-in for the homeserver,
//                and encrypts the N events (one Megolm session: the room's m.room.encryption allows 10,000
//                messages per session, so both sides use one session like the raw run). Bob's database (SQLCipher,
//                random key, temporary folder) holds the key received over Olm; each run starts from a copy of it,
//                reopened and with a freshly started machine (cold session cache), like an app restart.
//                The N events arrive as raw /sync response bytes (syncs of 100 events, one joined encrypted room)
//                and go through
//                  direct:  parseSyncResponse, then in one AccountStore::inTransaction CryptoMachine::receiveSync
//                           + AccountStore::writeSync: the work of StoreBridge::writeSync, called on one thread;
//                  bridge:  parseSyncResponse on a thread pool (as SyncLoop does), then StoreBridge::writeSync on
//                           its worker thread, waiting for its reply before the next response (as Session does).
// Every run checks its result: every event decrypted to the expected m.room.message body from a known device, in
// the deltas returned and in the database afterwards (paged back through loadOlder).
// Rates are given by wall clock and per CPU second (thread CPU time; all threads for the bridge): on a busy machine
// the second is the one to compare.
//
//   estafette_megolm_bench [--events N] [--per-sync N] [--runs N] [--only raw|direct|bridge]
// This file (a benchmark baseline) is the only place outside libclient/crypto/ that calls libolm directly.
#include "bench_stats.h"
#include "e2ee_devices.h"

#include "crypto/crypto_backend.h"
#include "crypto/crypto_machine.h"
#include "events/event_encryption.h"
#include "session/store_bridge.h"
#include "store/account_store.h"
#include "sync/sync_delta.h"

#include <olm/olm.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QThread>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <vector>

using namespace estafette;
using estafette::bench::Device;
using estafette::bench::KeyServer;

namespace {

const QString kAlice = QStringLiteral("@alice:bench.example");
const QString kAliceDevice = QStringLiteral("ALICEDEVICE");
const QString kBob = QStringLiteral("@bob:bench.example");
const QString kBobDevice = QStringLiteral("BOBDEVICE");
const QString kRoom = QStringLiteral("!encrypted:bench.example");

using bench::Stats;

double cpuSeconds(clockid_t clock)
{
    timespec ts{};
    clock_gettime(clock, &ts);
    return double(ts.tv_sec) + ts.tv_nsec / 1e9;
}

// The body of message i: ~110 characters, so that the Megolm plaintext {type, content: {msgtype, body}, room_id}
// is about 200 bytes.
QString body(int i)
{
    return QStringLiteral("Message %1 : le compte-rendu de la réunion est transmis au service, merci de le relire "
                          "avant demain.")
        .arg(i, 5, 10, QLatin1Char('0'));
}

QByteArray plaintext(int i)
{
    return QJsonDocument(QJsonObject{{"type", "m.room.message"},
                                     {"content", QJsonObject{{"msgtype", "m.text"}, {"body", body(i)}}},
                                     {"room_id", kRoom}})
        .toJson(QJsonDocument::Compact);
}

QByteArray randomBytes(std::size_t n)
{
    QByteArray bytes(qsizetype(n), Qt::Uninitialized);
    for (auto &b : bytes)
        b = char(QRandomGenerator::system()->bounded(256));
    return bytes;
}

QByteArray randomKey()
{
    return randomBytes(32);
}

// ---------------------------------------------------------------------------------------------------------------
// Raw libolm

// The N messages encrypted once with an outbound session; its session key starts inbound sessions.
struct RawMessages {
    QByteArray sessionKey;
    std::vector<QByteArray> ciphertexts; // base64, as in m.room.encrypted
    std::size_t longest = 0;
    std::size_t plaintextBytes = 0;      // all of them
};

RawMessages encryptRaw(int n)
{
    RawMessages m;
    std::vector<std::uint8_t> memory(olm_outbound_group_session_size());
    OlmOutboundGroupSession *out = olm_outbound_group_session(memory.data());
    QByteArray random = randomBytes(olm_init_outbound_group_session_random_length(out));
    if (olm_init_outbound_group_session(out, reinterpret_cast<std::uint8_t *>(random.data()), random.size())
        == olm_error())
        qFatal("olm_init_outbound_group_session: %s", olm_outbound_group_session_last_error(out));
    m.sessionKey = QByteArray(qsizetype(olm_outbound_group_session_key_length(out)), Qt::Uninitialized);
    m.sessionKey.truncate(qsizetype(olm_outbound_group_session_key(
        out, reinterpret_cast<std::uint8_t *>(m.sessionKey.data()), m.sessionKey.size())));
    m.ciphertexts.reserve(std::size_t(n));
    for (int i = 0; i < n; ++i) {
        const QByteArray pt = plaintext(i);
        m.plaintextBytes += std::size_t(pt.size());
        QByteArray ct(qsizetype(olm_group_encrypt_message_length(out, pt.size())), Qt::Uninitialized);
        const std::size_t len = olm_group_encrypt(out, reinterpret_cast<const std::uint8_t *>(pt.constData()),
                                                  pt.size(), reinterpret_cast<std::uint8_t *>(ct.data()), ct.size());
        if (len == olm_error())
            qFatal("olm_group_encrypt: %s", olm_outbound_group_session_last_error(out));
        ct.truncate(qsizetype(len));
        m.longest = std::max(m.longest, len);
        m.ciphertexts.push_back(ct);
    }
    olm_clear_outbound_group_session(out);
    return m;
}

// An inbound session from the key, decrypting messages in order (as a client receives them).
class RawInbound {
public:
    explicit RawInbound(const RawMessages &messages)
        : m_messages(messages), m_memory(olm_inbound_group_session_size()),
          m_session(olm_inbound_group_session(m_memory.data())),
          // The decoded ciphertext is longer than its plaintext: buffers of the longest base64 length fit all.
          m_scratch(messages.longest), m_plain(messages.longest)
    {
        QByteArray key = messages.sessionKey; // decoded in place
        if (olm_init_inbound_group_session(m_session, reinterpret_cast<std::uint8_t *>(key.data()), key.size())
            == olm_error())
            qFatal("olm_init_inbound_group_session: %s", olm_inbound_group_session_last_error(m_session));
    }
    ~RawInbound() { olm_clear_inbound_group_session(m_session); }

    // olm_group_decrypt of messages [from, to) on a fresh copy of each ciphertext; returns the plaintext bytes.
    std::size_t decrypt(int from, int to)
    {
        std::size_t bytes = 0;
        for (int i = from; i < to; ++i) {
            const QByteArray &ct = m_messages.ciphertexts[std::size_t(i)];
            std::memcpy(m_scratch.data(), ct.constData(), std::size_t(ct.size()));
            std::uint32_t index = 0;
            const std::size_t len = olm_group_decrypt(m_session, m_scratch.data(), std::size_t(ct.size()),
                                                      m_plain.data(), m_plain.size(), &index);
            if (len == olm_error() || index != std::uint32_t(i))
                qFatal("olm_group_decrypt: %s", olm_inbound_group_session_last_error(m_session));
            bytes += len;
        }
        return bytes;
    }
    QByteArray lastPlaintext(std::size_t length) const
    {
        return QByteArray(reinterpret_cast<const char *>(m_plain.data()), qsizetype(length));
    }

private:
    const RawMessages &m_messages;
    std::vector<std::uint8_t> m_memory;
    OlmInboundGroupSession *m_session;
    std::vector<std::uint8_t> m_scratch;
    std::vector<std::uint8_t> m_plain;
};

struct RawResult {
    double wallS = 0;
    double cpuS = 0;
};

// All N messages in one loop.
RawResult rawLibolm(const RawMessages &messages)
{
    const int n = int(messages.ciphertexts.size());
    RawInbound in(messages);
    RawResult result;
    const double cpu0 = cpuSeconds(CLOCK_THREAD_CPUTIME_ID);
    QElapsedTimer t;
    t.start();
    const std::size_t bytes = in.decrypt(0, n);
    result.wallS = t.nsecsElapsed() / 1e9;
    result.cpuS = cpuSeconds(CLOCK_THREAD_CPUTIME_ID) - cpu0;
    // Checked outside the timed loop: every byte came out, and the last message is its plaintext.
    if (bytes != messages.plaintextBytes || in.lastPlaintext(std::size_t(plaintext(n - 1).size())) != plaintext(n - 1))
        qFatal("raw libolm: wrong plaintext");
    return result;
}

QJsonObject stateEvent(const QString &type, const QString &stateKey, const QString &sender, const QJsonObject &content,
                       const QString &eventId)
{
    return QJsonObject{{"type", type},       {"state_key", stateKey}, {"sender", sender},
                       {"content", content}, {"event_id", eventId},   {"origin_server_ts", qint64(1700000000000)}};
}

// The room's state as a sync response sends it the first time.
QByteArray roomStateSync(const QString &nextBatch)
{
    const QJsonArray state{
        stateEvent("m.room.create", "", kAlice, {{"creator", kAlice}, {"room_version", "10"}}, "$create"),
        stateEvent("m.room.member", kAlice, kAlice, {{"membership", "join"}, {"displayname", "Alice"}}, "$alice"),
        stateEvent("m.room.power_levels", "", kAlice, {{"users", QJsonObject{{kAlice, 100}}}}, "$power"),
        stateEvent("m.room.member", kBob, kBob, {{"membership", "join"}, {"displayname", "Bob"}}, "$bob"),
        // One session for all the events (the spec's default is 100 messages; 10,000 is the most we allow).
        stateEvent("m.room.encryption", "", kAlice,
                   {{"algorithm", "m.megolm.v1.aes-sha2"}, {"rotation_period_msgs", 10000}}, "$encryption"),
    };
    const QJsonObject room{{"state", QJsonObject{{"events", state}}},
                           {"timeline", QJsonObject{{"events", QJsonArray{}}, {"limited", false}}},
                           {"summary", QJsonObject{{"m.joined_member_count", 2}, {"m.heroes", QJsonArray{kAlice}}}}};
    return QJsonDocument(QJsonObject{{"next_batch", nextBatch},
                                     {"rooms", QJsonObject{{"join", QJsonObject{{kRoom, room}}}}}})
        .toJson(QJsonDocument::Compact);
}

QByteArray toDeviceSync(const QString &nextBatch, const QJsonArray &toDevice)
{
    return QJsonDocument(QJsonObject{{"next_batch", nextBatch}, {"to_device", QJsonObject{{"events", toDevice}}}})
        .toJson(QJsonDocument::Compact);
}

QString eventId(int i)
{
    return QStringLiteral("$%1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789ab").arg(i, 6, 10, QLatin1Char('0'));
}

struct Prepared {
    QString basePath;            // Bob's database with the room key, closed
    QByteArray key;
    QList<QByteArray> syncs;     // raw /sync responses carrying the encrypted events
    int events = 0;
    int perSync = 0;
    qint64 syncBytes = 0;
};

// Alice shares a room key with Bob and encrypts `events` messages; Bob receives the key over Olm.
Prepared prepare(const QString &dir, int events, int perSync)
{
    Prepared p;
    p.key = randomKey();
    p.basePath = dir + "/bob-base.db";
    p.events = events;
    p.perSync = perSync;
    KeyServer server;
    Device alice{kAlice, kAliceDevice, {}, {}, {}};
    Device bob{kBob, kBobDevice, {}, {}, {}};
    alice.open(dir + "/alice.db", randomKey());
    bob.open(p.basePath, p.key);
    bob.pump(server);   // device keys and one-time keys published
    alice.pump(server);

    // Both learn the room (encrypted, both joined) from a sync; each then asks for the other's devices.
    alice.receive(roomStateSync("a1"));
    bob.receive(roomStateSync("b1"));
    alice.pump(server);
    bob.pump(server);

    // Alice shares her room session with Bob's device: query, claim, m.room_key over Olm.
    for (int step = 0;; ++step) {
        if (step > 20)
            qFatal("the room key was never shared");
        CryptoMachine::ShareStep s;
        alice.store->inTransaction([&] {
            s = alice.machine->nextShareStep(kRoom, {kAlice, kBob});
            return s.kind != CryptoMachine::ShareStep::Kind::Failed;
        });
        if (s.kind == CryptoMachine::ShareStep::Kind::Ready)
            break;
        if (s.kind == CryptoMachine::ShareStep::Kind::Failed)
            qFatal("share: %s", qPrintable(s.error));
        if (s.kind == CryptoMachine::ShareStep::Kind::Send)
            alice.succeed(s.request, server.answer(kAlice, kAliceDevice, s.request));
        else
            alice.pump(server);
    }
    const QJsonArray toBob = server.takeInbox(kBob, kBobDevice);
    if (toBob.isEmpty())
        qFatal("no to-device message for Bob");
    const SyncDelta keyDelta = bob.receive(toDeviceSync("b2", toBob));
    Q_UNUSED(keyDelta);
    bob.pump(server);

    // Alice encrypts the messages (her outbound session is saved after each, so in transactions of 1,000).
    QList<QJsonObject> encrypted;
    encrypted.reserve(events);
    for (int start = 0; start < events; start += 1000) {
        alice.store->inTransaction([&] {
            for (int i = start; i < std::min(events, start + 1000); ++i) {
                auto content = alice.machine->encryptRoomEvent(
                    kRoom, "m.room.message", QJsonObject{{"msgtype", "m.text"}, {"body", body(i)}});
                if (!content)
                    qFatal("encryptRoomEvent failed");
                encrypted.append(content.value());
            }
            return true;
        });
    }
    const auto session = bob.store->crypto().inboundGroupSession(
        kRoom, encrypted.first().value("sender_key").toString(), encrypted.first().value("session_id").toString());
    if (!session || session->firstKnownIndex != 0)
        qFatal("Bob did not receive Alice's room key");
    alice.close();
    bob.close();

    // The syncs: one joined room, `perSync` events each, as a homeserver sends them.
    qint64 ts = 1700000100000;
    for (int start = 0, batch = 0; start < events; start += perSync, ++batch) {
        QJsonArray timeline;
        for (int i = start; i < std::min(events, start + perSync); ++i)
            timeline.append(QJsonObject{{"type", "m.room.encrypted"},
                                        {"event_id", eventId(i)},
                                        {"sender", kAlice},
                                        {"origin_server_ts", ts += 1000},
                                        {"content", encrypted[i]},
                                        {"unsigned", QJsonObject{{"age", 120}}}});
        const QJsonObject room{
            {"timeline", QJsonObject{{"events", timeline}, {"limited", false}, {"prev_batch", QStringLiteral("p%1").arg(batch)}}},
            {"unread_notifications", QJsonObject{{"notification_count", int(timeline.size())}, {"highlight_count", 0}}},
            {"ephemeral", QJsonObject{{"events", QJsonArray{}}}}};
        p.syncs << QJsonDocument(QJsonObject{{"next_batch", QStringLiteral("s%1_bench").arg(batch)},
                                             {"rooms", QJsonObject{{"join", QJsonObject{{kRoom, room}}}}},
                                             {"device_one_time_keys_count", QJsonObject{{"signed_curve25519", 50}}}})
                       .toJson(QJsonDocument::Compact);
        p.syncBytes += p.syncs.last().size();
    }
    return p;
}

// A fresh copy of Bob's base database for one run.
QString copyBase(const Prepared &p, const QString &name)
{
    const QString path = QFileInfo(p.basePath).dir().filePath(name);
    for (const char *suffix : {"", "-wal", "-shm"})
        QFile::remove(path + suffix);
    for (const char *suffix : {"", "-wal"}) {
        if ((*suffix == 0 || QFile::exists(p.basePath + suffix)) && !QFile::copy(p.basePath + suffix, path + suffix))
            qFatal("could not copy the base database");
    }
    return path;
}

// Every event of the deltas must be the expected decrypted message from Alice's known device.
int checkDecrypted(const QList<Event> &events, int *next)
{
    int ok = 0;
    for (const Event &e : events) {
        const EncryptionStatus status = encryptionStatus(e);
        const int i = (*next)++;
        if (e.type() == QLatin1String("m.room.message") && status.decrypted && status.trust == SenderTrust::KnownDevice
            && e.eventId() == eventId(i) && e.content().value("body").toString() == body(i))
            ++ok;
    }
    return ok;
}

// Bob's stored room, paged back from the newest event: how many rows are the expected decrypted messages.
int checkStored(AccountStore &store, int events)
{
    const SyncDelta snapshot = store.loadSnapshot(10);
    QString token;
    QList<Event> all;
    for (const RoomDelta &rd : snapshot.rooms) {
        if (rd.roomId == kRoom) {
            token = rd.prevBatch;
            all = rd.timeline;
        }
    }
    while (AccountStore::isStoreToken(token)) {
        const StoredPage page = store.loadOlder(kRoom, token, 1000);
        QList<Event> older = page.events;
        older.append(all);
        all = older;
        token = page.nextToken;
    }
    // Stored events are kept in order; the state-only first sync adds none to the timeline.
    int next = 0;
    const int ok = checkDecrypted(all, &next);
    return (all.size() == events) ? ok : -all.size();
}

struct PipelineRun {
    double totalS = 0;
    double cpuS = 0;       // thread CPU time (direct), process CPU time (bridge)
    double parseS = 0;
    double receiveS = 0;   // CryptoMachine::receiveSync (decryption and its store reads/writes)
    double writeS = 0;     // AccountStore::writeSync
    double commitS = 0;    // the rest of inTransaction (begin, commit)
    double pairedRawS = 0; // direct: raw libolm on the same messages, interleaved with the syncs
    double pairedRawCpuS = 0;
    int decrypted = 0;
    int stored = 0;
};

// The direct pipeline; before each sync response, raw libolm decrypts the same number of messages (timed apart),
// so that both see the same load of a shared machine: the paired ratio.
PipelineRun runDirect(const Prepared &p, int run, const RawMessages &rawMessages)
{
    const QString path = copyBase(p, QStringLiteral("bob-direct-%1.db").arg(run));
    Device bob{kBob, kBobDevice, {}, {}, {}};
    bob.open(path, p.key);
    RawInbound raw(rawMessages);
    PipelineRun r;
    int next = 0;
    qint64 parseNs = 0, receiveNs = 0, writeNs = 0, totalNs = 0, rawNs = 0;
    double cpu = 0, rawCpu = 0;
    QElapsedTimer t;
    for (int k = 0; k < p.syncs.size(); ++k) {
        const int from = k * p.perSync;
        const double rawCpu0 = cpuSeconds(CLOCK_THREAD_CPUTIME_ID);
        t.start();
        raw.decrypt(from, std::min(p.events, from + p.perSync));
        rawNs += t.nsecsElapsed();
        rawCpu += cpuSeconds(CLOCK_THREAD_CPUTIME_ID) - rawCpu0;

        const double cpu0 = cpuSeconds(CLOCK_THREAD_CPUTIME_ID);
        t.start();
        SyncParseResult parsed = parseSyncResponse(p.syncs[k]);
        const qint64 parsedAt = t.nsecsElapsed();
        if (!parsed.ok)
            qFatal("parse: %s", qPrintable(parsed.error));
        QMap<QString, QList<Event>> redecrypted;
        qint64 a = 0, b = 0, c = 0;
        const bool ok = bob.store->inTransaction([&] {
            a = t.nsecsElapsed();
            const bool received = bob.machine->receiveSync(parsed.delta, &redecrypted);
            b = t.nsecsElapsed();
            const bool written = received && bob.store->writeSync(parsed.delta);
            c = t.nsecsElapsed();
            return written;
        });
        const qint64 end = t.nsecsElapsed();
        cpu += cpuSeconds(CLOCK_THREAD_CPUTIME_ID) - cpu0;
        if (!ok)
            qFatal("sync not stored: %s", qPrintable(bob.store->lastError()));
        parseNs += parsedAt;
        receiveNs += b - a;
        writeNs += c - b;
        totalNs += end;
        for (const RoomDelta &rd : std::as_const(parsed.delta.rooms))
            r.decrypted += checkDecrypted(rd.timeline, &next);
    }
    r.cpuS = cpu;
    r.totalS = totalNs / 1e9;
    r.parseS = parseNs / 1e9;
    r.receiveS = receiveNs / 1e9;
    r.writeS = writeNs / 1e9;
    r.commitS = r.totalS - r.parseS - r.receiveS - r.writeS;
    r.pairedRawS = rawNs / 1e9;
    r.pairedRawCpuS = rawCpu;
    r.stored = checkStored(*bob.store, p.events);
    bob.close();
    for (const char *suffix : {"", "-wal", "-shm"})
        QFile::remove(path + suffix);
    return r;
}

template<typename T>
T waitFor(const std::function<void(std::function<void(const T &)>)> &call)
{
    T result{};
    bool done = false;
    QEventLoop loop;
    call([&](const T &value) {
        result = value;
        done = true;
        loop.quit();
    });
    if (!done)
        loop.exec();
    return result;
}

PipelineRun runBridge(const Prepared &p, int run)
{
    const QString path = copyBase(p, QStringLiteral("bob-bridge-%1.db").arg(run));
    PipelineRun r;
    QThreadPool parsePool;
    parsePool.setMaxThreadCount(1);
    {
        StoreBridge bridge;
        const auto opened = waitFor<StoreBridge::Opened>([&](auto done) { bridge.open({path, p.key}, done); });
        if (opened.error.kind != StoreError::Kind::None)
            qFatal("bridge open: %s", qPrintable(opened.error.detail));
        // The machine created and started on the store thread, as CryptoSession::start does.
        const bool started = waitFor<bool>([&](auto done) {
            bridge.run<bool>(
                [](StoreWorkerState &state) {
                    state.backend = createCryptoBackend();
                    AccountStore *store = state.store.get();
                    state.crypto = std::make_unique<CryptoMachine>(
                        *state.backend, store->crypto(),
                        [store](const StoredCryptoAccount &account) { return store->saveCryptoAccount(account); },
                        kBob, kBobDevice);
                    QString error;
                    return state.crypto->start(store->loadCryptoAccount(), store->syncToken(), &error);
                },
                done);
        });
        if (!started)
            qFatal("bridge: machine not started");

        QList<SyncDeltaPtr> written;
        const double cpu0 = cpuSeconds(CLOCK_PROCESS_CPUTIME_ID);
        QElapsedTimer t;
        t.start();
        for (const QByteArray &bytes : p.syncs) {
            SyncParseResult parsed = QtConcurrent::run(&parsePool, &parseSyncResponse, bytes).result();
            if (!parsed.ok)
                qFatal("parse: %s", qPrintable(parsed.error));
            auto delta = std::make_shared<const SyncDelta>(std::move(parsed.delta));
            const auto result = waitFor<StoreBridge::SyncWritten>([&](auto done) { bridge.writeSync(delta, done); });
            if (!result.ok)
                qFatal("bridge: sync not stored");
            written << result.delta;
        }
        r.totalS = t.nsecsElapsed() / 1e9;
        r.cpuS = cpuSeconds(CLOCK_PROCESS_CPUTIME_ID) - cpu0;
        int next = 0;
        for (const SyncDeltaPtr &delta : std::as_const(written)) {
            for (const RoomDelta &rd : delta->rooms)
                r.decrypted += checkDecrypted(rd.timeline, &next);
        }
        r.stored = waitFor<int>([&](auto done) {
            bridge.run<int>([events = p.events](StoreWorkerState &state) { return checkStored(*state.store, events); },
                            done);
        });
    } // the bridge closes the database on its thread
    for (const char *suffix : {"", "-wal", "-shm"})
        QFile::remove(path + suffix);
    return r;
}

QString cpuModel()
{
    QFile f(QStringLiteral("/proc/cpuinfo"));
    if (f.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : f.readAll().split('\n')) {
            if (line.startsWith("model name"))
                return QString::fromUtf8(line.mid(line.indexOf(':') + 1).trimmed());
        }
    }
    return QSysInfo::currentCpuArchitecture();
}

void printRow(const char *label, const Stats &s)
{
    std::printf("%-64s %9.0f %9.0f %9.0f\n", label, s.median(), s.min(), s.max());
}

void printShare(const char *label, const Stats &s)
{
    std::printf("%-64s %8.0f%% %8.0f%% %8.0f%%\n", label, s.median(), s.min(), s.max());
}


} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    QCommandLineOption eventsOpt("events", "Encrypted events (default 10000).", "n", "10000");
    QCommandLineOption perSyncOpt("per-sync", "Events per sync response (default 100).", "n", "100");
    QCommandLineOption runsOpt("runs", "Repetitions of each measure (default 3).", "n", "3");
    QCommandLineOption onlyOpt("only", "Run one measure only (raw, direct or bridge), e.g. under a profiler.", "name");
    parser.addOptions({eventsOpt, perSyncOpt, runsOpt, onlyOpt});
    parser.process(app);
    QLoggingCategory::setFilterRules(QStringLiteral("estafette.*.debug=false\nestafette.*.info=false"));

    const int events = std::clamp(parser.value(eventsOpt).toInt(), 1, 10000);
    const int perSync = std::max(1, parser.value(perSyncOpt).toInt());
    const int runs = std::max(1, parser.value(runsOpt).toInt());
    const QString only = parser.value(onlyOpt);
    if (!only.isEmpty() && only != "raw" && only != "direct" && only != "bridge")
        qFatal("--only: raw, direct or bridge");
    const bool doRaw = only.isEmpty() || only == "raw";
    const bool doDirect = only.isEmpty() || only == "direct";
    const bool doBridge = only.isEmpty() || only == "bridge";
    QTemporaryDir tmp;
    if (!tmp.isValid())
        qFatal("no temporary folder");

    std::printf("megolm bench: %d m.room.encrypted events, %d per sync response, one Megolm session, %d runs\n",
                events, perSync, runs);
    std::printf("machine: %s, %d logical CPU(s) (QThread::idealThreadCount), libolm C API for the raw baseline\n",
                qPrintable(cpuModel()), QThread::idealThreadCount());
    std::fflush(stdout);

    QElapsedTimer setup;
    setup.start();
    const Prepared prepared = prepare(tmp.path(), events, perSync);
    std::printf("setup: key shared over Olm, %d events encrypted by Alice's machine, %lld bytes of /sync JSON "
                "(%.0f bytes per event), %.1f s\n",
                events, prepared.syncBytes, double(prepared.syncBytes) / events, setup.nsecsElapsed() / 1e9);
    std::fflush(stdout);

    const RawMessages rawMessages = encryptRaw(events);
    Stats raw, rawCpu, paired, pairedCpu, direct, directCpu, bridge, bridgeCpu, receiveOnly;
    Stats parseShare, receiveShare, writeShare, commitShare;
    Stats pairedRatio, pairedCpuRatio, directRatio, directCpuRatio, bridgeRatio, bridgeCpuRatio; // per run, %
    for (int run = 0; run < runs; ++run) {
        std::printf("run %d:", run + 1);
        RawResult rr;
        if (doRaw) {
            rr = rawLibolm(rawMessages);
            raw.values << events / rr.wallS;
            rawCpu.values << events / rr.cpuS;
            std::printf(" raw %.0f/s;", events / rr.wallS);
        }
        if (doDirect) {
            const PipelineRun d = runDirect(prepared, run, rawMessages);
            if (d.decrypted != events || d.stored != events)
                qFatal("direct run: %d of %d events decrypted as expected, %d stored as expected", d.decrypted,
                       events, d.stored);
            direct.values << events / d.totalS;
            directCpu.values << events / d.cpuS;
            paired.values << events / d.pairedRawS;
            pairedCpu.values << events / d.pairedRawCpuS;
            pairedRatio.values << 100 * d.pairedRawS / d.totalS;
            pairedCpuRatio.values << 100 * d.pairedRawCpuS / d.cpuS;
            if (doRaw) {
                directRatio.values << 100 * rr.wallS / d.totalS;
                directCpuRatio.values << 100 * rr.cpuS / d.cpuS;
            }
            parseShare.values << 100 * d.parseS / d.totalS;
            receiveShare.values << 100 * d.receiveS / d.totalS;
            writeShare.values << 100 * d.writeS / d.totalS;
            commitShare.values << 100 * d.commitS / d.totalS;
            receiveOnly.values << events / d.receiveS;
            std::printf(" direct %.0f/s (parse %.0f ms, receiveSync %.0f ms, writeSync %.0f ms, begin+commit %.0f ms)"
                        " with raw interleaved %.0f/s;",
                        events / d.totalS, d.parseS * 1e3, d.receiveS * 1e3, d.writeS * 1e3, d.commitS * 1e3,
                        events / d.pairedRawS);
        }
        if (doBridge) {
            const PipelineRun b = runBridge(prepared, run);
            if (b.decrypted != events || b.stored != events)
                qFatal("bridge run: %d of %d events decrypted as expected, %d stored as expected", b.decrypted,
                       events, b.stored);
            bridge.values << events / b.totalS;
            bridgeCpu.values << events / b.cpuS;
            if (doRaw) {
                bridgeRatio.values << 100 * rr.wallS / b.totalS;
                bridgeCpuRatio.values << 100 * rr.cpuS / b.cpuS;
            }
            std::printf(" StoreBridge %.0f/s", events / b.totalS);
        }
        std::printf("\n");
        std::fflush(stdout);
    }

    std::printf("\nevery run: %d/%d events decrypted to the expected m.room.message body from Alice's known device, and"
                " as many stored; plaintext %zu bytes per event on average\n",
                events, events, rawMessages.plaintextBytes / std::size_t(events));
    std::printf("\n%-64s %9s %9s %9s\n", "events/s, wall clock", "median", "min", "max");
    if (doRaw)
        printRow("raw libolm olm_group_decrypt, all in one loop", raw);
    if (doDirect) {
        printRow("raw libolm interleaved with direct (same count before each sync)", paired);
        printRow("pipeline direct: parse + receiveSync + writeSync, one thread", direct);
        printRow("  receiveSync alone (decryption with its store reads/writes)", receiveOnly);
        printShare("  share of direct: parseSyncResponse", parseShare);
        printShare("  share of direct: CryptoMachine::receiveSync", receiveShare);
        printShare("  share of direct: AccountStore::writeSync", writeShare);
        printShare("  share of direct: transaction begin + commit", commitShare);
    }
    if (doBridge)
        printRow("pipeline StoreBridge: parse pool, writeSync on the store thread", bridge);
    std::printf("\n%-64s %9s %9s %9s\n", "events per CPU second", "median", "min", "max");
    if (doRaw)
        printRow("raw libolm, all in one loop (thread CPU time)", rawCpu);
    if (doDirect) {
        printRow("raw libolm, interleaved (thread CPU time)", pairedCpu);
        printRow("pipeline direct (thread CPU time)", directCpu);
    }
    if (doBridge)
        printRow("pipeline StoreBridge (process CPU time, all threads)", bridgeCpu);

    if (doDirect || (doBridge && doRaw))
        std::printf("\npipeline / raw libolm, median of the runs' ratios (target >= 70%%):\n");
    if (doDirect)
        std::printf("  direct / raw interleaved with it    %3.0f%% wall clock  %3.0f%% CPU time   (same moments: least"
                    " affected by other load)\n",
                    pairedRatio.median(), pairedCpuRatio.median());
    if (doDirect && doRaw)
        std::printf("  direct / raw in one loop            %3.0f%% wall clock  %3.0f%% CPU time\n",
                    directRatio.median(), directCpuRatio.median());
    if (doBridge && doRaw)
        std::printf("  StoreBridge / raw in one loop       %3.0f%% wall clock  %3.0f%% CPU time (all threads)\n",
                    bridgeRatio.median(), bridgeCpuRatio.median());
    return 0;
}
