// RoomListModel and its sort/filter proxy under QAbstractItemModelTester while sync deltas arrive.
#include "models/room_list_model.h"
#include "rooms/room.h"
#include "rooms/room_list.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace estafette;

class TestRoomListModel : public QObject {
    Q_OBJECT
private slots:
    void rowsFollowTheList();
    void roles();
    void proxyOrderAndFilter();
    void listDestroyed();
    void accessibleText();
};

#ifndef Q_MOC_RUN

namespace {

const QString me = QStringLiteral("@me:x");

void apply(RoomList &list, const QByteArray &body)
{
    const SyncParseResult result = parseSyncResponse(body);
    QVERIFY2(result.ok, qPrintable(result.error));
    list.applySync(result.delta);
}

QByteArray joinedRoom(const QString &id, const QString &name, qint64 ts, int unread = 0)
{
    return QStringLiteral(R"({"next_batch":"n","rooms":{"join":{"%1":{
        "state":{"events":[{"type":"m.room.name","state_key":"","sender":"@a:x","event_id":"$n%1","content":{"name":"%2"}}]},
        "timeline":{"events":[{"type":"m.room.message","sender":"@a:x","event_id":"$m%1%3","origin_server_ts":%3,
                               "content":{"msgtype":"m.text","body":"hi %2"}}]},
        "unread_notifications":{"notification_count":%4,"highlight_count":0}}}}})")
        .arg(id, name).arg(ts).arg(unread).toUtf8();
}

QByteArray invitedRoom(const QString &id, const QString &name)
{
    return QStringLiteral(R"({"next_batch":"n","rooms":{"invite":{"%1":{"invite_state":{"events":[
        {"type":"m.room.name","state_key":"","sender":"@dave:x","content":{"name":"%2"}},
        {"type":"m.room.member","state_key":"@dave:x","sender":"@dave:x","content":{"membership":"join","displayname":"Dave"}},
        {"type":"m.room.member","state_key":"@me:x","sender":"@dave:x","content":{"membership":"invite"}}]}}}}})")
        .arg(id, name).toUtf8();
}

QByteArray leftRoom(const QString &id)
{
    return QStringLiteral(R"({"next_batch":"n","rooms":{"leave":{"%1":{}}}})").arg(id).toUtf8();
}

QStringList names(const QAbstractItemModel &model)
{
    QStringList out;
    for (int row = 0; row < model.rowCount(); ++row)
        out << model.index(row, 0).data(RoomListModel::NameRole).toString();
    return out;
}

} // namespace

void TestRoomListModel::rowsFollowTheList()
{
    RoomList list(me);
    RoomListModel model(&list);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

    apply(list, joinedRoom("!a:x", "Alpha", 1000));
    apply(list, joinedRoom("!b:x", "Beta", 2000));
    apply(list, invitedRoom("!c:x", "Gamma"));
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(inserted.count(), 3);
    QCOMPARE(inserted.at(2).at(1).toInt(), 2);
    QCOMPARE(inserted.at(2).at(2).toInt(), 2);
    QCOMPARE(names(model), (QStringList{"Alpha", "Beta", "Gamma"}));

    apply(list, joinedRoom("!a:x", "Alpha renamed", 3000));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>().row(), 0);
    QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("Alpha renamed"));

    apply(list, leftRoom("!b:x"));
    QCOMPARE(removed.count(), 1);
    QCOMPARE(removed.at(0).at(1).toInt(), 1);
    QCOMPARE(names(model), (QStringList{"Alpha renamed", "Gamma"}));

    // The invite accepted: same row, now joined.
    apply(list, joinedRoom("!c:x", "Gamma", 4000));
    QCOMPARE(model.rowCount(), 2);
    QVERIFY(!model.index(1, 0).data(RoomListModel::IsInviteRole).toBool());
    QCOMPARE(model.roomAt(1), list.room(QStringLiteral("!c:x")));
    QCOMPARE(model.roomAt(7), nullptr);
}

void TestRoomListModel::roles()
{
    RoomList list(me);
    RoomListModel model(&list);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    apply(list, joinedRoom("!a:x", "Alpha", 1000, 3));
    apply(list, invitedRoom("!c:x", "Gamma"));
    const QModelIndex a = model.index(0, 0);
    QCOMPARE(a.data(RoomListModel::RoomIdRole).toString(), QStringLiteral("!a:x"));
    QCOMPARE(a.data(Qt::DisplayRole).toString(), QStringLiteral("Alpha"));
    QCOMPARE(a.data(RoomListModel::LastMessageRole).toString(), QStringLiteral("@a:x: hi Alpha"));
    QCOMPARE(a.data(RoomListModel::LastActivityRole).toDateTime(), QDateTime::fromMSecsSinceEpoch(1000));
    QCOMPARE(a.data(RoomListModel::UnreadCountRole).toInt(), 3);
    QCOMPARE(a.data(RoomListModel::IsInviteRole).toBool(), false);
    QCOMPARE(a.data(RoomListModel::IsDirectRole).toBool(), false);
    QCOMPARE(a.data(RoomListModel::IsEncryptedRole).toBool(), false);
    const QModelIndex c = model.index(1, 0);
    QCOMPARE(c.data(RoomListModel::IsInviteRole).toBool(), true);
    QCOMPARE(c.data(RoomListModel::InviterRole).toString(), QStringLiteral("Dave"));
    QVERIFY(model.roleNames().contains(RoomListModel::UnreadCountRole));
    QCOMPARE(model.roleNames().value(RoomListModel::NameRole), QByteArray("name"));
}

void TestRoomListModel::proxyOrderAndFilter()
{
    RoomList list(me);
    RoomListModel model(&list);
    RoomListSortFilterModel proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester sourceTester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);

    apply(list, joinedRoom("!a:x", "Alpha", 1000));
    apply(list, joinedRoom("!b:x", "Beta", 3000));
    apply(list, joinedRoom("!d:x", "delta", 2000));
    apply(list, joinedRoom("!e:x", "Echo", 2000)); // same time as delta: by name, case-insensitively
    apply(list, invitedRoom("!c:x", "Gamma"));
    QCOMPARE(names(proxy), (QStringList{"Gamma", "Beta", "delta", "Echo", "Alpha"}));

    // New activity in Alpha moves it up (dynamic sort).
    apply(list, joinedRoom("!a:x", "Alpha", 5000));
    QCOMPARE(names(proxy), (QStringList{"Gamma", "Alpha", "Beta", "delta", "Echo"}));

    proxy.setFilterText(QStringLiteral("ET"));
    QCOMPARE(names(proxy), (QStringList{"Beta"}));
    proxy.setFilterText(QStringLiteral("a"));
    QCOMPARE(names(proxy), (QStringList{"Gamma", "Alpha", "Beta", "delta"}));

    // Rows arriving and leaving while filtered.
    apply(list, joinedRoom("!f:x", "Alpaca", 6000));
    apply(list, leftRoom("!b:x"));
    QCOMPARE(names(proxy), (QStringList{"Gamma", "Alpaca", "Alpha", "delta"}));
    proxy.setFilterText(QString());
    QCOMPARE(names(proxy), (QStringList{"Gamma", "Alpaca", "Alpha", "delta", "Echo"}));

    // The invite accepted: it loses its place at the top.
    apply(list, joinedRoom("!c:x", "Gamma", 500));
    QCOMPARE(names(proxy), (QStringList{"Alpaca", "Alpha", "delta", "Echo", "Gamma"}));
}

void TestRoomListModel::listDestroyed()
{
    auto *list = new RoomList(me);
    RoomListModel model(list);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    apply(*list, joinedRoom("!a:x", "Alpha", 1000));
    QCOMPARE(model.rowCount(), 1);
    delete list;
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.roomAt(0), nullptr);
}

void TestRoomListModel::accessibleText()
{
    RoomList list(me);
    RoomListModel model(&list);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    apply(list, joinedRoom("!a:x", "Alpha", 1000, 3));
    apply(list, invitedRoom("!c:x", "Gamma"));
    apply(list, QByteArray(R"({"next_batch":"n","rooms":{"join":{"!e:x":{
        "state":{"events":[{"type":"m.room.name","state_key":"","sender":"@a:x","event_id":"$en","content":{"name":"Enc"}},
                           {"type":"m.room.encryption","state_key":"","sender":"@a:x","event_id":"$ee",
                            "content":{"algorithm":"m.megolm.v1.aes-sha2"}}]},
        "timeline":{"events":[]},
        "unread_notifications":{"notification_count":1,"highlight_count":1}}}}})"));
    apply(list, joinedRoom("!q:x", "Quiet", 500));
    QCOMPARE(model.rowCount(), 4);

    // What a screen reader says for a row: what the row shows, not only the name.
    QCOMPARE(model.index(0, 0).data(Qt::AccessibleTextRole).toString(),
             QStringLiteral("Alpha, 3 unread messages, last message: @a:x: hi Alpha"));
    QCOMPARE(model.index(1, 0).data(Qt::AccessibleTextRole).toString(),
             QStringLiteral("Gamma, invitation from Dave"));
    QCOMPARE(model.index(2, 0).data(Qt::AccessibleTextRole).toString(),
             QStringLiteral("Enc, end-to-end encrypted, 1 unread message, including 1 mention"));
    QCOMPARE(model.index(3, 0).data(Qt::AccessibleTextRole).toString(),
             QStringLiteral("Quiet, last message: @a:x: hi Quiet"));
    // Through the proxy the view uses, too.
    RoomListSortFilterModel proxy;
    proxy.setSourceModel(&model);
    QCOMPARE(proxy.index(0, 0).data(Qt::AccessibleTextRole).toString(), QStringLiteral("Gamma, invitation from Dave"));

    // Changes are announced as data changes of the row (the accessible text is computed, never stale).
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    apply(list, joinedRoom("!q:x", "Quiet", 600, 2));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(model.index(3, 0).data(Qt::AccessibleTextRole).toString(),
             QStringLiteral("Quiet, 2 unread messages, last message: @a:x: hi Quiet"));
}

#endif // Q_MOC_RUN

QTEST_GUILESS_MAIN(TestRoomListModel)
#include "test_room_list_model.moc"
