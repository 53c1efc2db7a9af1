// Relations in the encrypted store: a window of shown rows brings the relations of its messages along (a
// restart aggregates them without the network), and a redaction erases what it deletes at rest — checked in the
// decrypted pages of the database and its WAL, not only through SQL.
#include "events/relation.h"
#include "store/database.h"
#include "store/migrations.h"
#include "store/statement.h"
#include "store/stored_json.h"
#include "store/timeline_table.h"
#include "support/sqlcipher_pages.h"
#include "test_store_helpers.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace estafette;
using namespace estafette::storetest;

class TestStoreRelations : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void windowsCountShownRowsAndBringRelations();
    void redactionErasesContentAtRest();
    void redactionInsideACallersTransaction();
    void redactionForgetsCachedMedia();
    void redactionStoredBeforeItsTarget();
    void redactionWithoutPowerKeepsContent();
    void lateDecryptionNeverRestoresDeletedContent();
    void migrationMarksStoredRelations();

private:
    bool sync(const QString &batch, const QList<Event> &timeline, const QList<Event> &state = {});
    QByteArray storedEvent(const QString &eventId);
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    std::unique_ptr<AccountStore> m_store;
};

#ifndef Q_MOC_RUN

namespace {

const QString kRoom = QStringLiteral("!r:x");
const QString bob = QStringLiteral("@bob:x");
const QString eve = QStringLiteral("@eve:x");

Event reaction(const QString &id, const QString &sender, const QString &target, const QString &key)
{
    return Event(QJsonObject{{"type", "m.reaction"}, {"event_id", id}, {"sender", sender}, {"origin_server_ts", 2000},
                             {"content", QJsonObject{{"m.relates_to", QJsonObject{{"rel_type", "m.annotation"},
                                                                                   {"event_id", target}, {"key", key}}}}}});
}

Event edit(const QString &id, const QString &sender, const QString &target, const QString &body)
{
    return Event(QJsonObject{{"type", "m.room.message"}, {"event_id", id}, {"sender", sender}, {"origin_server_ts", 3000},
                             {"content", QJsonObject{{"msgtype", "m.text"}, {"body", "* " + body},
                                                     {"m.new_content", QJsonObject{{"msgtype", "m.text"}, {"body", body}}},
                                                     {"m.relates_to", QJsonObject{{"rel_type", "m.replace"},
                                                                                   {"event_id", target}}}}}});
}

Event redaction(const QString &id, const QString &sender, const QString &target)
{
    return Event(QJsonObject{{"type", "m.room.redaction"}, {"event_id", id}, {"sender", sender},
                             {"origin_server_ts", 4000}, {"redacts", target},
                             {"content", QJsonObject{{"redacts", target}}}});
}

int shownCount(const QList<Event> &events)
{
    int n = 0;
    for (const Event &e : events)
        n += isFoldedRelation(e) ? 0 : 1;
    return n;
}

} // namespace

void TestStoreRelations::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_path = m_dir->filePath("store.db");
    m_store = openStore(m_path);
    QVERIFY(m_store);
}

void TestStoreRelations::cleanup()
{
    m_store.reset();
    m_dir.reset();
}

bool TestStoreRelations::sync(const QString &batch, const QList<Event> &timeline, const QList<Event> &state)
{
    SyncDelta d;
    d.nextBatch = batch;
    d.rooms = {joined(kRoom, state, timeline, false, "top")};
    return m_store->writeSync(d);
}

QByteArray TestStoreRelations::storedEvent(const QString &eventId)
{
    const SyncDelta snapshot = m_store->loadSnapshot(1000);
    for (const Event &e : snapshot.rooms.value(0).timeline) {
        if (e.eventId() == eventId)
            return QJsonDocument(e.json()).toJson(QJsonDocument::Compact);
    }
    return {};
}

void TestStoreRelations::windowsCountShownRowsAndBringRelations()
{
    QList<Event> timeline;
    for (int i = 0; i < 30; ++i) {
        const QString id = QStringLiteral("$m%1").arg(i);
        timeline << message(id, bob, QStringLiteral("message %1").arg(i), 1000 + i);
        timeline << reaction(id + "-r1", bob, id, "👍") << reaction(id + "-r2", eve, id, "👍") << edit(id + "-e", bob, id, "edited");
    }
    QVERIFY(sync("s1", timeline));

    const SyncDelta snapshot = m_store->loadSnapshot(10);
    const QList<Event> newest = snapshot.rooms.first().timeline;
    QCOMPARE(shownCount(newest), 10);               // ten messages, not ten rows of reactions
    QCOMPARE(newest.size(), 40);                    // and all their relations
    QCOMPARE(newest.first().eventId(), QStringLiteral("$m20"));
    const QString token = snapshot.rooms.first().prevBatch;
    QVERIFY(AccountStore::isStoreToken(token));

    const StoredPage older = m_store->loadOlder(kRoom, token, 10);
    QCOMPARE(shownCount(older.events), 10);
    QCOMPARE(older.events.size(), 40);
    QCOMPARE(older.events.first().eventId(), QStringLiteral("$m10"));
    QCOMPARE(older.events.last().eventId(), QStringLiteral("$m19-e"));
    const StoredPage oldest = m_store->loadOlder(kRoom, older.nextToken, 50);
    QCOMPARE(shownCount(oldest.events), 10);
    QCOMPARE(oldest.events.first().eventId(), QStringLiteral("$m0"));
}

void TestStoreRelations::redactionErasesContentAtRest()
{
    const QByteArray secret = "hibiscus-4217";
    const QByteArray secretEdit = "hibiscus-9931";
    QVERIFY(sync("s1", {message("$m", bob, "Le code est " + QString::fromLatin1(secret)),
                        edit("$e", bob, "$m", "Le code est " + QString::fromLatin1(secretEdit)),
                        message("$keep", eve, "kept-text-5501")}));
    m_store.reset(); // closed: what is on disk is all there is
    QByteArray pages = testsupport::decryptedPages(m_path, key());
    // The scan does read the store (else the test below could not fail).
    QVERIFY(pages.contains(secret));
    QVERIFY(pages.contains(secretEdit));

    m_store = openStore(m_path);
    QVERIFY(sync("s2", {redaction("$x", bob, "$m")}));
    const QByteArray stored = storedEvent("$m");
    QVERIFY(!stored.isEmpty());
    QVERIFY(stored.contains("redacted_because"));
    QVERIFY(!stored.contains(secret));
    QVERIFY(!storedEvent("$e").contains(secretEdit));
    m_store.reset();
    pages = testsupport::decryptedPages(m_path, key());
    QVERIFY(!pages.contains(secret));
    QVERIFY(!pages.contains(secretEdit));
    QVERIFY(pages.contains("kept-text-5501"));
}

void TestStoreRelations::redactionInsideACallersTransaction()
{
    // As the encryption machine writes a sync: inside its own transaction. The WAL is truncated once it commits.
    QVERIFY(sync("s1", {message("$m", bob, "nested-secret-2718")}));
    QVERIFY(m_store->inTransaction([&] { return sync("s2", {redaction("$x", bob, "$m")}); }));
    QVERIFY(QFileInfo(m_path + "-wal").size() == 0);
    m_store.reset();
    QVERIFY(!testsupport::decryptedPages(m_path, key()).contains("nested-secret-2718"));
}

void TestStoreRelations::redactionForgetsCachedMedia()
{
    const Event image(QJsonObject{{"type", "m.room.message"}, {"event_id", "$img"}, {"sender", bob},
                                  {"origin_server_ts", 1000},
                                  {"content", QJsonObject{{"msgtype", "m.image"}, {"body", "plan.png"},
                                                          {"url", "mxc://x/plan"},
                                                          {"info", QJsonObject{{"mimetype", "image/png"},
                                                                               {"thumbnail_url", "mxc://x/planthumb"}}}}}});
    QVERIFY(sync("s1", {image, message("$other", bob, "kept")}));
    const auto cached = [](const QString &uri, const QString &variant, const QString &file) {
        MediaCacheEntry entry;
        entry.mxcUri = uri;
        entry.variant = variant;
        entry.file.fileName = file;
        entry.file.size = 10;
        return entry;
    };
    for (const MediaCacheEntry &entry : {cached("mxc://x/plan", "", "cache/a1"), cached("mxc://x/plan", "thumb:96x96:scale", "cache/a2"),
                                         cached("mxc://x/planthumb", "", "cache/a3"), cached("mxc://x/other", "", "cache/a4")})
        QVERIFY(m_store->mediaCacheInsert(entry, 1 << 30, 1000).ok);
    QVERIFY(sync("s2", {redaction("$x", bob, "$img")}));
    QVERIFY(!m_store->mediaCacheGet("mxc://x/plan", ""));
    QVERIFY(!m_store->mediaCacheGet("mxc://x/plan", "thumb:96x96:scale"));
    QVERIFY(!m_store->mediaCacheGet("mxc://x/planthumb", ""));
    QVERIFY(m_store->mediaCacheGet("mxc://x/other", "")); // someone else's file stays
}

void TestStoreRelations::redactionStoredBeforeItsTarget()
{
    QVERIFY(sync("s1", {message("$new", bob, "new")}));
    QVERIFY(sync("s2", {redaction("$x", bob, "$old")}));
    MessagesPage page;
    page.chunk = {message("$old", bob, "old-secret-7781")};
    page.end = QString();
    QVERIFY(m_store->writeOlderPage(kRoom, page));
    QVERIFY(!storedEvent("$old").contains("old-secret-7781"));
    QVERIFY(storedEvent("$old").contains("redacted_because"));
    m_store.reset();
    QVERIFY(!testsupport::decryptedPages(m_path, key()).contains("old-secret-7781"));
}

void TestStoreRelations::redactionWithoutPowerKeepsContent()
{
    const Event levels = stateEvent("m.room.power_levels", "", {{"users", QJsonObject{{bob, 100}}}, {"redact", 50}},
                                    "$pl", bob);
    QVERIFY(sync("s1", {message("$m", bob, "bob-says-1234"), message("$n", eve, "eve-says-5678")}, {levels}));
    QVERIFY(sync("s2", {redaction("$x", eve, "$m"), redaction("$y", bob, "$n")}));
    QVERIFY(storedEvent("$m").contains("bob-says-1234")); // eve may not delete bob's message
    QVERIFY(!storedEvent("$n").contains("eve-says-5678")); // bob is a moderator
}

void TestStoreRelations::lateDecryptionNeverRestoresDeletedContent()
{
    QVERIFY(sync("s1", {message("$m", bob, "to-be-deleted-3141")}));
    QVERIFY(sync("s2", {redaction("$x", bob, "$m")}));
    auto db = Database::open(m_path, key(), nullptr);
    QVERIFY(db);
    TimelineTable timeline(*db);
    const QByteArray revived = toStoredJson(message("$m", bob, "to-be-deleted-3141").json());
    QVERIFY(timeline.replaceEvent(1, "$m", revived)); // accepted, but the redacted form stays
    db.reset();
    QVERIFY(!storedEvent("$m").contains("to-be-deleted-3141"));
}

void TestStoreRelations::migrationMarksStoredRelations()
{
    m_store.reset();
    const QString path = m_dir->filePath("v8.db");
    {
        auto db = Database::open(path, key(), nullptr);
        QVERIFY(db);
        QVERIFY(migrate(*db, nullptr, 8));
        QVERIFY(db->exec("INSERT INTO rooms (id, room_id, membership) VALUES (1, '!r:x', 'join');"));
        int pos = 0;
        for (const Event &e : {message("$m", bob, "a \"m.relates_to\" in a body is text"), reaction("$r", eve, "$m", "👍"),
                               edit("$e", bob, "$m", "b"), redaction("$x", eve, "$r")}) {
            Statement s = db->prepare("INSERT INTO timeline (room, pos, event_id, event) VALUES (1, ?, ?, ?)");
            QVERIFY(s.bindInt64(1, pos++).bindText(2, e.eventId()).bindBlob(3, toStoredJson(e.json())).exec());
        }
        QVERIFY(migrate(*db, nullptr));
        QCOMPARE(db->userVersion(), 9);
        Statement rows = db->prepare("SELECT event_id, folded, coalesce(target, '') FROM timeline ORDER BY pos");
        QStringList seen;
        while (rows.step() == Statement::Step::Row)
            seen << rows.text(0) + "," + QString::number(rows.int64(1)) + "," + rows.text(2);
        QCOMPARE(seen, QStringList({"$m,0,", "$r,1,$m", "$e,1,$m", "$x,1,$r"}));
    }
}

#endif // Q_MOC_RUN

QTEST_GUILESS_MAIN(TestStoreRelations)
#include "test_store_relations.moc"
