// Store benchmark (a program, not a test): a synthetic account of 1,000 rooms and 100,000 timeline events written
// through AccountStore::writeSync in sync-sized batches, then
//   - cold start: open the store, loadSnapshot, feed a RoomList, RoomListModel (and its sorted proxy) populated,
//     names and previews of the first screen of rows read;
//   - opening the 10,000-event room (its snapshot rows already applied): the next stored page through loadOlder,
//     applied to the Room, a TimelineModel built on it and its visible rows read;
//   - relations, side by side: two more rooms of 10,000 (--big) events written after the account, in its
//     database (so the cold start sees two more rooms) but apart from its write speed (through writeSync, syncs of
//     40 events): one carrying 2,000 reactions and 500 edits among 7,500 messages (several keys and senders, a
//     tenth of the reactions on messages far back, messages edited several times), the other the same room with a
//     plain message in each relation's place. For each: its loadSnapshot rows applied to a new Room (what the app
//     does at start, with the receipts of a first sync; timed apart), then the room opened as above (loadOlder of
//     the next 40 shown rows and their relations, applied, a TimelineModel built, the 30 bottom rows read with
//     every role the delegate reads; with splits), then paged to its top with the model attached. What was opened
//     is checked against what was written (each row's reactions, edits shown with their latest text, readers,
//     replies; after paging, every relation aggregated); a failed check makes the exit status 1.
// Each measure is repeated; the table shows the median, min and max. Targets from issue 3 (write, room list,
// room open) and the relations issue (a room of 10,000 events with 2,000 reactions and 500 edits opened <= 50 ms).
//
//   estafette_store_bench [--runs N] [--rooms N] [--events N] [--big N] [--reactions N] [--edits N] [--keep DIR]
#include "bench_stats.h"
#include "relations_room.h"
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




// A message event as a homeserver sends it (~350-500 bytes of JSON).
Event messageEvent(int room, qint64 serial, qint64 ts, QRandomGenerator &rng)
{
    const QString body = bench::randomSentence(rng);
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
                    std::unique_ptr<RoomList> *listOut, double *snapshotMs, SyncDelta *snapshotOut)
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
    *snapshotOut = snapshot; // shared, not copied: for the relations measure (its rooms' snapshot rows)
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

// --- Relations: a room carrying reactions and edits, next to the same room without them ---

const QString kRelationsRoom = QStringLiteral("!relations:bench.example");
const QString kReferenceRoom = QStringLiteral("!reference:bench.example");

using bench::RelationsRoom;

// Writes the room as syncs bring it: an initial sync with its state and first 10 events (limited, so older
// history is the server's), then syncs of 40 events. Returns events per second of writeSync.
double writeRelationsRoom(AccountStore &store, const RelationsRoom &room)
{
    qint64 elapsedNs = 0;
    qint64 written = 0;
    int batch = 0;
    for (qsizetype first = 0; first < room.events.size();) {
        const qsizetype count = first == 0 ? 10 : 40;
        SyncDelta delta;
        delta.nextBatch = QStringLiteral("s%1_%2_bench").arg(room.roomId.mid(1, 3)).arg(++batch);
        RoomDelta rd;
        rd.roomId = room.roomId;
        if (first == 0) {
            rd.state = room.state;
            rd.limited = true;
            rd.prevBatch = QStringLiteral("t-%1-initial").arg(room.roomId.mid(1, 3));
            written += rd.state.size();
        }
        rd.timeline = room.events.mid(first, count);
        written += rd.timeline.size();
        first += count;
        delta.rooms << rd;
        QElapsedTimer t;
        t.start();
        if (!store.writeSync(delta))
            qFatal("writeSync failed: %s", qPrintable(store.lastError()));
        elapsedNs += t.nsecsElapsed();
    }
    return written / (elapsedNs / 1e9);
}

// The messages (rows) of a room, in order.
QStringList rowIdsOf(const RelationsRoom &room)
{
    QStringList ids;
    for (const Event &event : room.events) {
        if (room.messageIds.contains(event.eventId()))
            ids << event.eventId();
    }
    return ids;
}

// Read receipts that the first live sync brings (receipts are not stored): on the newest message, on a reaction
// to one of the newest messages (the reference: a message there), on a message 5 rows up, and far back (a message
// not loaded). Also returns how many of them a reader should see on the 30 bottom rows.
QList<Event> receiptsFor(const RelationsRoom &room, int *visibleReaders)
{
    const QStringList rows = rowIdsOf(room);
    QJsonObject content;
    const auto read = [&](const QString &eventId, const QString &user) {
        QJsonObject byUser = content.value(eventId).toObject().value("m.read").toObject();
        byUser.insert(user, QJsonObject{{"ts", 1710000000000.0}});
        content.insert(eventId, QJsonObject{{"m.read", byUser}});
    };
    read(rows.last(), room.senders.at(1));
    read(room.reactionOnNewestMessage.isEmpty() ? rows.at(rows.size() - 8) : room.reactionOnNewestMessage,
         room.senders.at(2));
    read(rows.at(rows.size() - 6), room.senders.at(3));
    read(rows.at(rows.size() / 2), room.senders.at(4));
    read(rows.last(), kMe); // ours: never shown among the readers
    *visibleReaders = 3;
    return {Event(QJsonObject{{"type", "m.receipt"}, {"content", content}})};
}

struct OpenSplits {
    double snapshotApply = 0; // at start
    double loadOlder = 0, applyPage = 0, setRoom = 0, rowsRead = 0;
    double open() const { return loadOlder + applyPage + setRoom + rowsRead; }
};

struct OpenedRoom {
    std::unique_ptr<Room> room;
    std::unique_ptr<TimelineModel> model; // destroyed before its room
    OpenSplits splits;
};

// Every role a timeline row reads when it is painted (TimelineRow::make, the delegate, the sender header).
const int kPaintedRoles[] = {TimelineModel::ItemKindRole,      TimelineModel::SendStateRole,
                             TimelineModel::ReadByRole,        TimelineModel::IsFullyReadRole,
                             TimelineModel::ReplyRole,         TimelineModel::IsEditedRole,
                             TimelineModel::IsRedactedRole,    TimelineModel::ReactionsRole,
                             TimelineModel::FormattedHtmlRole, TimelineModel::BodyRole,
                             TimelineModel::SenderNameRole,    TimelineModel::SenderIdRole,
                             TimelineModel::SenderAvatarRole,  TimelineModel::TimestampRole,
                             TimelineModel::UnreadableReasonRole, TimelineModel::EventIdRole,
                             TimelineModel::MentionsMeRole};
constexpr int kScreenRows = 30;
constexpr int kOpenPage = 40;

// What the app does with a room: its snapshot rows applied to a Room at start (with the receipts of the first
// sync), then, when the person opens it, the next stored page, the model, the rows on screen.
OpenedRoom openRoomWithRelations(AccountStore &store, const RoomDelta &snapshotRows)
{
    OpenedRoom opened;
    QElapsedTimer t;
    t.start();
    qint64 lap = 0;
    const auto split = [&] {
        const qint64 now = t.nsecsElapsed();
        return (now - std::exchange(lap, now)) / 1e6;
    };
    opened.room = std::make_unique<Room>(snapshotRows.roomId, kMe);
    opened.room->applyDelta(snapshotRows);
    opened.splits.snapshotApply = split();

    Room *room = opened.room.get();
    const QString token = room->timeline()->topToken();
    if (!AccountStore::isStoreToken(token))
        qFatal("the top token of %s is not a store token", qPrintable(room->id()));
    const StoredPage stored = store.loadOlder(room->id(), token, kOpenPage);
    MessagesPage page;
    page.chunk.reserve(stored.events.size());
    for (auto it = stored.events.crbegin(); it != stored.events.crend(); ++it)
        page.chunk << *it;
    page.end = stored.nextToken;
    opened.splits.loadOlder = split();
    room->applyMessagesPage(page);
    opened.splits.applyPage = split();
    opened.model = std::make_unique<TimelineModel>();
    opened.model->setRoom(room);
    opened.splits.setRoom = split();
    const TimelineModel &model = *opened.model;
    const int rows = model.rowCount();
    for (int row = std::max(0, rows - kScreenRows); row < rows; ++row) {
        const QModelIndex index = model.index(row, 0);
        for (int role : kPaintedRoles)
            (void)model.data(index, role);
    }
    opened.splits.rowsRead = split();
    return opened;
}

struct RowCheck {
    int rows = 0, reactions = 0, groups = 0, edited = 0, editedSeveralTimes = 0, readers = 0, replies = 0,
        repliesLoaded = 0;
};

// Rows [first, rows) of the model against what was written for them; failures are appended to `failures`.
RowCheck checkRows(const TimelineModel &model, const RelationsRoom &room, int first, QStringList *failures)
{
    RowCheck check;
    const auto fail = [&](const QString &what) { failures->append(room.roomId + ": " + what); };
    for (int row = first; row < model.rowCount(); ++row) {
        const QModelIndex index = model.index(row, 0);
        const QString id = model.data(index, TimelineModel::EventIdRole).toString();
        ++check.rows;
        if (!room.messageIds.contains(id)) {
            fail(QStringLiteral("row %1 (%2) is not one of the messages written").arg(row).arg(id));
            continue;
        }
        QSet<QString> reactions;
        const ReactionGroups groups = model.data(index, TimelineModel::ReactionsRole).value<ReactionGroups>();
        for (const ReactionGroup &group : groups) {
            for (const QString &sender : group.senders)
                reactions.insert(group.key + QLatin1Char('\n') + sender);
            check.reactions += int(group.senders.size());
        }
        check.groups += int(groups.size());
        if (reactions != room.reactionsOf.value(id))
            fail(QStringLiteral("%1 shows %2 reactions, %3 were written").arg(id).arg(reactions.size())
                     .arg(room.reactionsOf.value(id).size()));
        const bool edited = model.data(index, TimelineModel::IsEditedRole).toBool();
        const QString body = model.data(index, TimelineModel::BodyRole).toString();
        if (edited != room.latestEditBody.contains(id))
            fail(QStringLiteral("%1 edited: %2, written: %3").arg(id).arg(edited).arg(room.latestEditBody.contains(id)));
        else if (edited && body != room.latestEditBody.value(id))
            fail(QStringLiteral("%1 shows \"%2\", its latest edit is \"%3\"").arg(id, body, room.latestEditBody.value(id)));
        if (edited) {
            ++check.edited;
            if (room.editCount.value(id) > 1)
                ++check.editedSeveralTimes;
        }
        check.readers += int(model.data(index, TimelineModel::ReadByRole).toStringList().size());
        const ReplyPreview reply = model.data(index, TimelineModel::ReplyRole).value<ReplyPreview>();
        if (reply.eventId != room.replyTo.value(id)) {
            fail(QStringLiteral("%1 quotes \"%2\", it answers \"%3\"").arg(id, reply.eventId, room.replyTo.value(id)));
        } else if (reply.isReply()) {
            ++check.replies;
            if (reply.loaded) {
                ++check.repliesLoaded;
                // The quote shows what its original shows now: its latest edit.
                const QString edit = room.latestEditBody.value(reply.eventId);
                if (!edit.isEmpty() && reply.text != edit)
                    fail(QStringLiteral("%1 quotes \"%2\", its original's latest edit is \"%3\"").arg(id, reply.text, edit));
            }
        }
    }
    return check;
}

void printRow(const char *label, const Stats &s, const char *target, int decimals = 1)
{
    std::printf("%-44s %10.*f %10.*f %10.*f   %s\n", label, decimals, s.median(), decimals, s.min(), decimals, s.max(), target);
}

// The room with relations and its reference side by side.
void printPair(const char *label, const Stats &a, const Stats &b, const char *target, int decimals = 1)
{
    std::printf("%-44s %8.*f %8.*f %8.*f   %8.*f %8.*f %8.*f   %s\n", label, decimals, a.median(), decimals, a.min(),
                decimals, a.max(), decimals, b.median(), decimals, b.min(), decimals, b.max(), target);
}

// One variant's measures over the runs.
struct RelationsStats {
    Stats write, snapshotApply, open, loadOlder, applyPage, setRoom, rowsRead, startAndOpen, scroll;
    RowCheck visible;
    int rows = 0, relationsAbsorbed = 0, expectedReaders = 0;
};

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
    QCommandLineOption reactionsOpt("reactions", "Reactions in the relations room of --big events (default 2000).", "n", "2000");
    QCommandLineOption editsOpt("edits", "Edits in the relations room (default 500).", "n", "500");
    parser.addOptions({runsOpt, roomsOpt, eventsOpt, bigOpt, perRoomOpt, keepOpt, reuseOpt, reactionsOpt, editsOpt});
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

    // The relations rooms: one with reactions and edits, its reference with plain messages in their place.
    RelationsRoom::Options relationsOptions;
    relationsOptions.events = std::max(100, account.bigRoomEvents);
    relationsOptions.reactions = std::max(0, parser.value(reactionsOpt).toInt());
    relationsOptions.edits = std::max(0, parser.value(editsOpt).toInt());
    const RelationsRoom withRelations = RelationsRoom::make(kRelationsRoom, kMe, relationsOptions);
    relationsOptions.withRelations = false;
    const RelationsRoom reference = RelationsRoom::make(kReferenceRoom, kMe, relationsOptions);
    const RelationsRoom *const variants[2] = {&withRelations, &reference};
    RelationsStats relations[2];
    QStringList failures;

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
        // After the account, apart from its write speed (which stays that of the account alone).
        for (int v = 0; v < 2; ++v)
            relations[v].write.values << writeRelationsRoom(*store, *variants[v]);
    }
    if (reuse) {
        // A database kept by an older version of this program may lack the relations rooms.
        StoreError error;
        auto store = AccountStore::open(path, key, &error);
        if (!store)
            qFatal("open failed: %s", qPrintable(error.detail));
        const SyncDelta stored = store->loadSnapshot(0);
        for (int v = 0; v < 2; ++v) {
            if (std::none_of(stored.rooms.cbegin(), stored.rooms.cend(),
                             [&](const RoomDelta &rd) { return rd.roomId == variants[v]->roomId; }))
                relations[v].write.values << writeRelationsRoom(*store, *variants[v]);
        }
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
        SyncDelta snapshotRows;
        const ColdStart c = coldStart(path, key, &store, &list, &snapshotMs, &snapshotRows);
        cold.values << c.ms;
        snapshot.values << snapshotMs;
        roomRows = c.rows;
        Room *big = list->room(roomId(0));
        if (!big)
            qFatal("big room missing");
        open.values << openRoom(*store, big, &openRows);
        scroll.values << pageThroughRoom(*store, big, &scrolled);

        // The relations rooms, in turn (which goes first alternates).
        for (int k = 0; k < 2; ++k) {
            const int v = (run + k) % 2;
            const RelationsRoom &plan = *variants[v];
            RelationsStats &st = relations[v];
            const auto found = std::find_if(snapshotRows.rooms.cbegin(), snapshotRows.rooms.cend(),
                                            [&](const RoomDelta &rd) { return rd.roomId == plan.roomId; });
            if (found == snapshotRows.rooms.cend())
                qFatal("%s missing from the snapshot", qPrintable(plan.roomId));
            RoomDelta rows = *found;
            rows.ephemeral = receiptsFor(plan, &st.expectedReaders);
            OpenedRoom opened = openRoomWithRelations(*store, rows);
            st.snapshotApply.values << opened.splits.snapshotApply;
            st.open.values << opened.splits.open();
            st.loadOlder.values << opened.splits.loadOlder;
            st.applyPage.values << opened.splits.applyPage;
            st.setRoom.values << opened.splits.setRoom;
            st.rowsRead.values << opened.splits.rowsRead;
            st.startAndOpen.values << opened.splits.snapshotApply + opened.splits.open();

            // What was measured, checked (not timed): the rows on screen against what was written for them.
            const TimelineModel &model = *opened.model;
            const int shown = int(plan.messageIds.size());
            const int expectedRows = std::min(shown, g_eventsPerRoom + kOpenPage);
            st.rows = model.rowCount();
            if (st.rows != expectedRows)
                failures << QStringLiteral("%1: %2 rows opened, %3 expected").arg(plan.roomId).arg(st.rows).arg(expectedRows);
            st.visible = checkRows(model, plan, std::max(0, st.rows - kScreenRows), &failures);
            st.relationsAbsorbed = opened.room->timeline()->aggregations().relationCount();
            if (st.visible.readers != st.expectedReaders)
                failures << QStringLiteral("%1: %2 readers on the rows on screen, %3 expected").arg(plan.roomId)
                                .arg(st.visible.readers).arg(st.expectedReaders);
            if (plan.reactions > 0 && st.visible.reactions == 0)
                failures << plan.roomId + ": no reaction on the rows on screen";
            if (plan.edits > 0 && st.visible.edited == 0)
                failures << plan.roomId + ": no edited row on screen";
            if (plan.edits > 1 && st.visible.editedSeveralTimes == 0)
                failures << plan.roomId + ": no row edited several times on screen";

            // Scrolled to the top, the model attached: every relation aggregated, every message a row.
            int paged = 0;
            st.scroll.values << pageThroughRoom(*store, opened.room.get(), &paged);
            const int aggregated = opened.room->timeline()->aggregations().relationCount();
            if (aggregated != plan.reactions + plan.edits)
                failures << QStringLiteral("%1: %2 relations aggregated after paging, %3 written").arg(plan.roomId)
                                .arg(aggregated).arg(plan.reactions + plan.edits);
            if (model.rowCount() != shown)
                failures << QStringLiteral("%1: %2 rows after paging, %3 messages written").arg(plan.roomId)
                                .arg(model.rowCount()).arg(shown);
            if (run == 0) // every row, once
                checkRows(model, plan, 0, &failures);
        }
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

    const RelationsStats &r = relations[0], &p = relations[1];
    std::printf("\n%-44s %-29s   %-29s\n",
                qPrintable(QStringLiteral("rooms of %1 events").arg(withRelations.events.size())),
                qPrintable(QStringLiteral("%1 reactions, %2 edits").arg(withRelations.reactions).arg(withRelations.edits)),
                "reference: plain messages");
    std::printf("%-44s %8s %8s %8s   %8s %8s %8s   %s\n", "measure", "median", "min", "max", "median", "min", "max", "target");
    if (!r.write.values.isEmpty() && !p.write.values.isEmpty())
        printPair("sync write of the room (events/s)", r.write, p.write, "", 0);
    printPair("snapshot rows applied at start (ms)", r.snapshotApply, p.snapshotApply, "");
    printPair("open the room (ms)", r.open, p.open, "<= 50");
    printPair("  of which loadOlder, 40 shown rows (ms)", r.loadOlder, p.loadOlder, "");
    printPair("  of which applyMessagesPage (ms)", r.applyPage, p.applyPage, "");
    printPair("  of which TimelineModel::setRoom (ms)", r.setRoom, p.setRoom, "");
    printPair("  of which 30 rows read, 17 roles (ms)", r.rowsRead, p.rowsRead, "");
    printPair("start + open (ms)", r.startAndOpen, p.startAndOpen, "");
    printPair("then page through all of it (ms, 100/page)", r.scroll, p.scroll, "");

    for (int v = 0; v < 2; ++v) {
        const RelationsRoom &plan = *variants[v];
        const RelationsStats &st = relations[v];
        std::printf("\n%s (seed %u): %d events, %lld rows (messages), %d reactions (%d far back), %d edits of %lld"
                    " messages (%d far back), %d replies\n",
                    qPrintable(plan.roomId), plan.seed, int(plan.events.size()), qlonglong(plan.messageIds.size()), plan.reactions,
                    plan.farBackReactions, plan.edits, qlonglong(plan.editCount.size()), plan.farBackEdits, plan.replies);
        std::printf("  opened: %d rows, %d relations came along; the %d rows on screen: %d reactions in %d groups"
                    " (as written for them), %d edited (%d several times) showing their latest edit, %d readers"
                    " (%d expected), %d replies quoting their original (%d loaded)\n",
                    st.rows, st.relationsAbsorbed, st.visible.rows, st.visible.reactions, st.visible.groups,
                    st.visible.edited, st.visible.editedSeveralTimes, st.visible.readers, st.expectedReaders,
                    st.visible.replies, st.visible.repliesLoaded);
    }
    if (!failures.isEmpty()) {
        std::printf("\nCHECKS FAILED (%lld, the first 20 here):\n", qlonglong(failures.size()));
        for (const QString &f : failures.mid(0, 20))
            std::printf("  %s\n", qPrintable(f));
        return 1;
    }
    std::printf("\nchecks passed: every row opened and paged is a message written, with the reactions and the latest"
                " edit written for it; every relation aggregated after paging\n");
    return 0;
}
