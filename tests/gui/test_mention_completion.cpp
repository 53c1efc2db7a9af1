// @ completion in the composer, offscreen and without a server: typing "@" and letters lists the room's joined
// members (names shared by two members disambiguated with the user id, as the spec says), Enter picks one and the
// message then carries m.mentions and a pill (a matrix.to link) in its formatted body; "@room" is offered only to
// someone the power levels let notify the room.
#include "composer/composer_panel.h"
#include "composer/mention_completer.h"
#include "composer_edit.h"
#include "rooms/room.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace estafette;

namespace {

const QString me = QStringLiteral("@me:x");

QJsonObject member(const QString &userId, const QString &name)
{
    return {{"type", "m.room.member"}, {"state_key", userId}, {"sender", userId}, {"event_id", "$m" + userId},
            {"origin_server_ts", 1}, {"content", QJsonObject{{"membership", "join"}, {"displayname", name}}}};
}

void join(Room &room, int ownPower)
{
    const QJsonArray state{
        QJsonObject{{"type", "m.room.create"}, {"state_key", ""}, {"sender", "@paul:x"}, {"event_id", "$c"},
                    {"origin_server_ts", 1}, {"content", QJsonObject{}}},
        QJsonObject{{"type", "m.room.power_levels"}, {"state_key", ""}, {"sender", "@paul:x"}, {"event_id", "$pl"},
                    {"origin_server_ts", 1},
                    {"content", QJsonObject{{"users", QJsonObject{{"@paul:x", 100}, {me, ownPower}}}}}},
        member(me, "Moi"), member("@sophie:x", "Sophie Bernard"), member("@sophie2:x", "Sophie Bernard"),
        member("@paul:x", "Paul Lefèvre")};
    const QJsonObject body{{"next_batch", "n"},
                           {"rooms", QJsonObject{{"join", QJsonObject{{"!r:x", QJsonObject{{"state", QJsonObject{{"events", state}}}}}}}}}};
    room.applyDelta(parseSyncResponse(QJsonDocument(body).toJson()).delta.rooms.first());
}

} // namespace

class TestMentionCompletion : public QObject {
    Q_OBJECT
private slots:
    void completesMembersAndSendsMentions()
    {
        Room room(QStringLiteral("!r:x"), me);
        join(room, 50);
        ComposerPanel panel;
        panel.resize(600, 120);
        panel.setRoom(&room);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        ComposerEdit *edit = panel.edit();
        edit->setFocus();
        QTest::keyClicks(edit, "Merci @so");
        QAbstractItemView *popup = panel.mentions()->completer()->popup();
        QTRY_VERIFY(popup->isVisible());
        QCOMPARE(popup->objectName(), QStringLiteral("mentionPopup"));
        // Two members share the name: both listed, told apart by their ids.
        const QStringList both = panel.mentions()->candidates("so");
        QCOMPARE(both.size(), 2);
        QCOMPARE(QSet<QString>(both.cbegin(), both.cend()),
                 QSet<QString>({"Sophie Bernard (@sophie:x)", "Sophie Bernard (@sophie2:x)"}));
        QCOMPARE(popup->model()->rowCount(), 2);
        QTest::keyClick(popup, Qt::Key_Down); // the second one
        QTest::keyClick(popup, Qt::Key_Return);
        QTRY_VERIFY(!popup->isVisible());
        QCOMPARE(edit->toPlainText(), QStringLiteral("Merci ") + both.at(1) + QLatin1Char(' '));
        const QString picked = both.at(1).contains("sophie2") ? QStringLiteral("@sophie2:x") : QStringLiteral("@sophie:x");
        QTest::keyClicks(edit, "!");
        const QString text = edit->toPlainText();
        const QJsonObject content = panel.contentFor(text);
        QCOMPARE(content.value("m.mentions").toObject().value("user_ids").toArray(), QJsonArray{picked});
        QVERIFY2(content.value("formatted_body").toString().contains("https://matrix.to/#/" + picked),
                 qPrintable(content.value("formatted_body").toString()));
        QCOMPARE(content.value("body").toString(), text);
        // Taken: the next message mentions nobody.
        QCOMPARE(panel.contentFor("Autre chose").value("m.mentions").toObject(), QJsonObject());

        // @room, allowed with power 50.
        edit->clear();
        QTest::keyClicks(edit, "@ro");
        QTRY_VERIFY(popup->isVisible());
        QCOMPARE(panel.mentions()->candidates("ro").value(0), QStringLiteral("@room"));
        QTest::keyClick(popup, Qt::Key_Return);
        QTRY_VERIFY(!popup->isVisible());
        QVERIFY(edit->toPlainText().startsWith("@room "));
        QVERIFY(panel.contentFor(edit->toPlainText()).value("m.mentions").toObject().value("room").toBool());
        // Escape closes the list and leaves the text as typed.
        edit->clear();
        QTest::keyClicks(edit, "@pa");
        QTRY_VERIFY(popup->isVisible());
        QTest::keyClick(popup, Qt::Key_Escape);
        QTRY_VERIFY(!popup->isVisible());
        QCOMPARE(edit->toPlainText(), QStringLiteral("@pa"));
    }

    void roomMentionNeedsPower()
    {
        Room room(QStringLiteral("!r:x"), me);
        join(room, 0);
        ComposerPanel panel;
        panel.setRoom(&room);
        QVERIFY(!panel.mentions()->candidates("ro").contains("@room"));
        QCOMPARE(panel.mentions()->candidates("pa"), QStringList{"Paul Lefèvre"});
        QVERIFY(!panel.mentions()->candidates("").contains("Moi")); // never ourselves
    }
};

QTEST_MAIN(TestMentionCompletion)
#include "test_mention_completion.moc"
