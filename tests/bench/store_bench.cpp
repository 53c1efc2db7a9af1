// Store benchmark (a program, not a test): a synthetic account of 1,000 rooms and 100,000 timeline events written
// through AccountStore::writeSync in sync-sized batches, then
//   - cold start: open the store, loadSnapshot, feed a RoomList, RoomListModel (and its sorted proxy) populated,
//     names and previews of the first screen of rows read;
//   - opening the 10,000-event room (its snapshot rows already applied): the next stored page through loadOlder,
//     applied to the Room, a TimelineModel built on it and its visible rows read.
// Each measure is repeated; the table shows the median, min and max. Targets from issue 3.
//
//   estafette_store_bench [--runs N] [--rooms N] [--events N] [--big N] [--keep DIR]
#include "bench_stats.h"
#include "models/room_list_model.h"
#include "models/timeline_model.h"
#include "rooms/room.h"
#include "rooms/room_list.h"
#include "store/account_store.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

using namespace estafette;

namespace {

const QString kMe = QStringLiteral("@agent:bench.example");

using bench::Stats;

QString roomId(int i) { return QStringLiteral("!room%1:bench.example").arg(i, 4, 10, QLatin1Char('0')); }
QString userId(int i) { return QStringLiteral("@user%1:bench.example").arg(i); }

const char *const kWords[] = {"bonjour", "réunion", "dossier", "préfecture", "compte-rendu", "demain", "validé",
                              "merci", "budget", "pièce", "jointe", "service", "urgence", "note", "ministère",
                              "avis", "calendrier", "signature", "transmis", "relire"};

QString sentence(QRandomGenerator &rng)
{
    const int words = 6 + int(rng.bounded(24));
    QString s;
    for (int i = 0; i < words; ++i) {
        if (i)
            s += QLatin1Char(' ');
        s += QString::fromUtf8(kWords[rng.bounded(int(std::size(kWords)))]);
    }
    return s;
}

// A message event as a homeserver sends it (~350-500 bytes of JSON).
Event messageEvent(int room, qint64 serial, qint64 ts, QRandomGenerator &rng)
{
    const QString body = sentence(rng);
    QJsonObject content{{"msgtype", "m.text"}, {"body", body}};
    if (serial % 5 == 0) {
        content.insert("format", "org.matrix.custom.html");
        content.insert("formatted_body", QStringLiteral("<p>%1</p>").arg(body));
    }
    return Event(QJsonObject{{"type", "m.room.message"},
                             {"event_id", QStringLiteral("$ev%1r%2AbCdEfGhIjKlMnOpQrStUvWxYz").arg(serial).arg(room)},
                             {"sender", userId(int(serial % 7) + room % 50)},
                             {"origin_server_ts", ts},
                             {"content", content},
                             {"unsigned", QJsonObject{{"age", 1234}}}});
}

Event stateEvent(const QString &type, const QString &stateKey, const QString &sender, const QJsonObject &content,
                 const QString &eventId)
{
    return Event(QJsonObject{{"type", type}, {"state_key", stateKey}, {"sender", sender}, {"content", content},
                             {"event_id", eventId}, {"origin_server_ts", 1000}});
}

// Initial state of a room: create, power levels, join rules, history visibility, a name for most rooms,
// encryption for half, and its members (lazy-loaded: a handful).
QList<Event> roomState(int room)
{
    const QString creator = userId(room % 50);
    QList<Event> state;
    const QString id = QStringLiteral("$st%1_").arg(room);
    state << stateEvent("m.room.create", "", creator, {{"creator", creator}, {"room_version", "10"}}, id + "c");
    state << stateEvent("m.room.power_levels", "", creator,
                        {{"users", QJsonObject{{creator, 100}}}, {"users_default", 0}, {"events_default", 0}}, id + "p");
    state << stateEvent("m.room.join_rules", "", creator, {{"join_rule", "invite"}}, id + "j");
    state << stateEvent("m.room.history_visibility", "", creator, {{"history_visibility", "shared"}}, id + "h");
    if (room % 10 != 0)
        state << stateEvent("m.room.name", "", creator, {{"name", QStringLiteral("Salle de travail %1").arg(room)}}, id + "n");
    if (room % 2 == 0)
        state << stateEvent("m.room.encryption", "", creator, {{"algorithm", "m.megolm.v1.aes-sha2"}}, id + "e");
    const int members = 3 + room % 6;
    for (int m = 0; m < members; ++m) {
        const QString user = m == 0 ? kMe : userId(m + room % 50);
        state << stateEvent("m.room.member", user, user,
                            {{"membership", "join"}, {"displayname", QStringLiteral("Agent %1").arg(m + room % 50)}},
                            id + "m" + QString::number(m));
    }
    return state;
}

struct Account {
    int rooms = 1000;
    int events = 100000;
    int bigRoomEvents = 10000;
};

// Writes the synthetic account; returns events per second of writeSync (timeline and state events written).
double writeAccount(AccountStore &store, const Account &account, qint64 *writtenOut)
{
    QRandomGenerator rng(42);
    QList<int> remaining(account.rooms);
    const int big = 0;
    const int others = account.events - account.bigRoomEvents;
    for (int r = 0; r < account.rooms; ++r)
        remaining[r] = r == big ? account.bigRoomEvents : others / (account.rooms - 1) + (r <= others % (account.rooms - 1) ? 1 : 0);
    qint64 serial = 0;
    qint64 ts = 1700000000000;
    qint64 written = 0;
    qint64 elapsedNs = 0;
    int batchNo = 0;

    // Initial sync: every room with its state and its last 10 events (a realistic first /sync with a filter).
    // Then incremental syncs of ~100 events over 10 rooms each, the big room in most of them.
    bool initial = true;
    while (true) {
        SyncDelta delta;
        delta.nextBatch = QStringLiteral("s%1_bench").arg(++batchNo);
        if (initial) {
            delta.accountData << Event(QJsonObject{{"type", "m.direct"},
                                                   {"content", QJsonObject{{userId(3), QJsonArray{roomId(3), roomId(13)}}}}});
            for (int r = 0; r < account.rooms; ++r) {
                RoomDelta rd;
                rd.roomId = roomId(r);
                rd.state = roomState(r);
                written += rd.state.size();
                rd.limited = true;
                rd.prevBatch = QStringLiteral("t%1-initial").arg(r);
                rd.notificationCount = r % 4;
                rd.highlightCount = r % 9 == 0 ? 1 : 0;
                const int n = std::min(10, remaining[r]);
                for (int i = 0; i < n; ++i)
                    rd.timeline << messageEvent(r, ++serial, ts += 1000, rng);
                remaining[r] -= n;
                written += n;
                delta.rooms << rd;
            }
            initial = false;
        } else {
            int inBatch = 0;
            for (int attempt = 0; attempt < 40 && inBatch < 100; ++attempt) {
                const int r = (attempt == 0 && remaining[big] > 0) ? big : int(rng.bounded(account.rooms));
                if (remaining[r] == 0)
                    continue;
                RoomDelta rd;
                rd.roomId = roomId(r);
                const int n = std::min({remaining[r], 100 - inBatch, r == big ? 40 : 10});
                for (int i = 0; i < n; ++i)
                    rd.timeline << messageEvent(r, ++serial, ts += 1000, rng);
                remaining[r] -= n;
                inBatch += n;
                rd.notificationCount = n;
                delta.rooms << rd;
            }
            if (inBatch == 0) {
                // The random walk found nothing: finish the rest in order.
                for (int r = 0; r < account.rooms && inBatch < 100; ++r) {
                    if (remaining[r] == 0)
                        continue;
                    RoomDelta rd;
                    rd.roomId = roomId(r);
                    const int n = std::min(remaining[r], 100 - inBatch);
                    for (int i = 0; i < n; ++i)
                        rd.timeline << messageEvent(r, ++serial, ts += 1000, rng);
                    remaining[r] -= n;
                    inBatch += n;
                    delta.rooms << rd;
                }
            }
            if (inBatch == 0)
                break;
            written += inBatch;
        }
        QElapsedTimer t;
        t.start();
        if (!store.writeSync(delta))
            qFatal("writeSync failed: %s", qPrintable(store.lastError()));
        elapsedNs += t.nsecsElapsed();
    }
    *writtenOut = written;
    return written / (elapsedNs / 1e9);
}

struct ColdStart {
    double ms = 0;
    int rows = 0;
};

// Open + snapshot + RoomList + models: what the app does before showing the room list.
int g_eventsPerRoom = 10;

ColdStart coldStart(const QString &path, const QByteArray &key, std::unique_ptr<AccountStore> *storeOut,
                    std::unique_ptr<RoomList> *listOut, double *snapshotMs)
{
    QElapsedTimer t;
    t.start();
    StoreError error;
    auto store = AccountStore::open(path, key, &error);
    if (!store)
        qFatal("open failed: %s", qPrintable(error.detail));
    auto list = std::make_unique<RoomList>(kMe);
    RoomListModel model(list.get());
    RoomListSortFilterModel sorted;
    sorted.setSourceModel(&model);
    const SyncDelta snapshot = store->loadSnapshot(g_eventsPerRoom);
    *snapshotMs = t.nsecsElapsed() / 1e6;
    list->applySync(snapshot);
    ColdStart result;
    result.rows = model.rowCount();
    // The first screen of the sorted list, as the view paints it.
    for (int row = 0; row < std::min(30, sorted.rowCount()); ++row) {
        const QModelIndex index = sorted.index(row, 0);
        (void)sorted.data(index, RoomListModel::NameRole);
        (void)sorted.data(index, RoomListModel::LastMessageRole);
        (void)sorted.data(index, RoomListModel::UnreadCountRole);
    }
    result.ms = t.nsecsElapsed() / 1e6;
    *storeOut = std::move(store);
    *listOut = std::move(list);
    return result;
}

// Open the big room: its snapshot rows are there; load the next stored page, build the model, read the rows
// a view shows.
double openRoom(AccountStore &store, Room *room, int *rowsOut)
{
    QElapsedTimer t;
    t.start();
    const QString token = room->timeline()->topToken();
    if (!AccountStore::isStoreToken(token))
        qFatal("the big room's top token is not a store token");
    const StoredPage stored = store.loadOlder(room->id(), token, 40);
    MessagesPage page;
    page.chunk.reserve(stored.events.size());
    for (auto it = stored.events.crbegin(); it != stored.events.crend(); ++it)
        page.chunk << *it;
    page.end = stored.nextToken;
    room->applyMessagesPage(page);
    TimelineModel model;
    model.setRoom(room);
    const int rows = model.rowCount();
    for (int row = std::max(0, rows - 30); row < rows; ++row) {
        const QModelIndex index = model.index(row, 0);
        (void)model.data(index, TimelineModel::BodyRole);
        (void)model.data(index, TimelineModel::SenderNameRole);
        (void)model.data(index, TimelineModel::TimestampRole);
    }
    *rowsOut = rows;
    return t.nsecsElapsed() / 1e6;
}

// Scroll the opened room to its top: every stored page, applied to the Room, down to the server token.
double pageThroughRoom(AccountStore &store, Room *room, int *eventsOut)
{
    QElapsedTimer t;
    t.start();
    int events = 0;
    while (AccountStore::isStoreToken(room->timeline()->topToken())) {
        const StoredPage stored = store.loadOlder(room->id(), room->timeline()->topToken(), 100);
        MessagesPage page;
        for (auto it = stored.events.crbegin(); it != stored.events.crend(); ++it)
            page.chunk << *it;
        page.end = stored.nextToken;
        room->applyMessagesPage(page);
        events += int(stored.events.size());
    }
    *eventsOut = events;
    return t.nsecsElapsed() / 1e6;
}

void printRow(const char *label, const Stats &s, const char *target, int decimals = 1)
{
    std::printf("%-44s %10.*f %10.*f %10.*f   %s\n", label, decimals, s.median(), decimals, s.min(), decimals, s.max(), target);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    QCommandLineOption runsOpt("runs", "Repetitions of each measure (default 5; the write phase min(runs, 3)).", "n", "5");
    QCommandLineOption roomsOpt("rooms", "Rooms (default 1000).", "n", "1000");
    QCommandLineOption eventsOpt("events", "Timeline events in all (default 100000).", "n", "100000");
    QCommandLineOption bigOpt("big", "Events of the big room (default 10000).", "n", "10000");
    QCommandLineOption perRoomOpt("per-room", "Events per room in the cold-start snapshot (default 10, as loadSnapshot()).", "n", "10");
    QCommandLineOption keepOpt("keep", "Keep the databases in this folder (default: a temporary folder); with --keep the"
                               " key is fixed (bench data only).", "dir");
    QCommandLineOption reuseOpt("reuse", "With --keep: skip the write phase when the database is already there.");
    parser.addOptions({runsOpt, roomsOpt, eventsOpt, bigOpt, perRoomOpt, keepOpt, reuseOpt});
    parser.process(app);
    QLoggingCategory::setFilterRules(QStringLiteral("estafette.*.debug=false\nestafette.*.info=false"));

    const int runs = std::max(1, parser.value(runsOpt).toInt());
    g_eventsPerRoom = std::max(0, parser.value(perRoomOpt).toInt());
    Account account;
    account.rooms = std::max(2, parser.value(roomsOpt).toInt());
    account.events = parser.value(eventsOpt).toInt();
    account.bigRoomEvents = parser.value(bigOpt).toInt();
    QTemporaryDir tmp;
    const QString dir = parser.isSet(keepOpt) ? parser.value(keepOpt) : tmp.path();
    QDir().mkpath(dir);
    QByteArray key(32, Qt::Uninitialized);
    if (parser.isSet(keepOpt))
        key = QByteArray::fromHex("6265e6368d2b6a2c1f0e5a3c7b9d8e4f1a2b3c4d5e6f708192a3b4c5d6e7f809");
    else
        QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(key.data()), 8);

    std::printf("store bench: %d rooms, %d timeline events (one room of %d), %d runs\n", account.rooms, account.events,
                account.bigRoomEvents, runs);
    std::fflush(stdout);

    Stats write;
    QString path;
    qint64 written = 0;
    const bool reuse = parser.isSet(keepOpt) && parser.isSet(reuseOpt) && QFile::exists(dir + "/bench-0.db");
    const int writeRuns = reuse ? 0 : std::min(runs, 3);
    path = dir + "/bench-0.db";
    for (int run = 0; run < writeRuns; ++run) {
        path = QStringLiteral("%1/bench-%2.db").arg(dir).arg(run);
        for (const char *suffix : {"", "-wal", "-shm"})
            QFile::remove(path + suffix);
        StoreError error;
        auto store = AccountStore::open(path, key, &error);
        if (!store)
            qFatal("open failed: %s", qPrintable(error.detail));
        write.values << writeAccount(*store, account, &written);
    }
    qint64 bytes = 0;
    for (const char *suffix : {"", "-wal"})
        bytes += QFileInfo(path + suffix).size();

    Stats cold, snapshot, open, scroll;
    int roomRows = 0, openRows = 0, scrolled = 0;
    for (int run = 0; run < runs; ++run) {
        std::unique_ptr<AccountStore> store;
        std::unique_ptr<RoomList> list;
        double snapshotMs = 0;
        const ColdStart c = coldStart(path, key, &store, &list, &snapshotMs);
        cold.values << c.ms;
        snapshot.values << snapshotMs;
        roomRows = c.rows;
        Room *big = list->room(roomId(0));
        if (!big)
            qFatal("big room missing");
        open.values << openRoom(*store, big, &openRows);
        scroll.values << pageThroughRoom(*store, big, &scrolled);
        list.reset();
        store.reset();
    }

    std::printf("\n%-44s %10s %10s %10s   %s\n", "measure", "median", "min", "max", "target");
    if (!write.values.isEmpty())
        printRow("sync write path (events/s, writeSync)", write, ">= 20000", 0);
    printRow("cold start to room list model (ms)", cold, "<= 150");
    printRow("  of which open + loadSnapshot (ms)", snapshot, "");
    printRow("open the 10,000-event room (ms)", open, "<= 50");
    printRow("  then page through all of it (ms, 100/page)", scroll, "");
    std::printf("\n%lld events and state events written per run; room list model: %d rows; opened room: %d rows,"
                " %d more paged; snapshot %d events per room; database %.1f MiB\n",
                written, roomRows, openRows, scrolled, g_eventsPerRoom, bytes / 1048576.0);
    return 0;
}
