// Sentences for timeline items: every state change a person can see, in English (source strings).
#include "events/event_description.h"
#include "events/event_encryption.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace estafette;

namespace {

Event ev(const char *json)
{
    return Event(QJsonDocument::fromJson(QByteArray(json)).object());
}

const NameLookup names = [](const QString &id) {
    if (id == QLatin1String("@alice:x"))
        return QStringLiteral("Alice");
    if (id == QLatin1String("@bob:x"))
        return QStringLiteral("Bob");
    return id;
};


// moc mis-lexes raw string literals: keep the fixtures out of its sight.
#ifndef Q_MOC_RUN
void addDescriptionRows()
{
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected");
        QTest::newRow("text") << QByteArray(R"({"type":"m.room.message","sender":"@alice:x","content":{"msgtype":"m.text","body":"hello"}})")
                              << "hello";
        QTest::newRow("emote") << QByteArray(R"({"type":"m.room.message","sender":"@alice:x","content":{"msgtype":"m.emote","body":"waves"}})")
                               << "* Alice waves";
        QTest::newRow("joined") << QByteArray(R"({"type":"m.room.member","sender":"@bob:x","state_key":"@bob:x","content":{"membership":"join"}})")
                                << "Bob joined the room";
        QTest::newRow("joined with new name") << QByteArray(R"({"type":"m.room.member","sender":"@carol:x","state_key":"@carol:x","content":{"membership":"join","displayname":"Carol"}})")
                                              << "Carol joined the room";
        QTest::newRow("left") << QByteArray(R"({"type":"m.room.member","sender":"@bob:x","state_key":"@bob:x","content":{"membership":"leave"},"unsigned":{"prev_content":{"membership":"join"}}})")
                              << "Bob left the room";
        QTest::newRow("invited") << QByteArray(R"({"type":"m.room.member","sender":"@alice:x","state_key":"@bob:x","content":{"membership":"invite"}})")
                                 << "Alice invited Bob";
        QTest::newRow("declined") << QByteArray(R"({"type":"m.room.member","sender":"@bob:x","state_key":"@bob:x","content":{"membership":"leave"},"unsigned":{"prev_content":{"membership":"invite"}}})")
                                  << "Bob declined the invitation";
        QTest::newRow("kicked") << QByteArray(R"({"type":"m.room.member","sender":"@alice:x","state_key":"@bob:x","content":{"membership":"leave"},"unsigned":{"prev_content":{"membership":"join"}}})")
                                << "Bob was kicked by Alice";
        QTest::newRow("banned") << QByteArray(R"({"type":"m.room.member","sender":"@alice:x","state_key":"@bob:x","content":{"membership":"ban"}})")
                                << "Alice banned Bob";
        QTest::newRow("display name") << QByteArray(R"({"type":"m.room.member","sender":"@bob:x","state_key":"@bob:x","content":{"membership":"join","displayname":"Robert"},"unsigned":{"prev_content":{"membership":"join","displayname":"Bob"}}})")
                                      << "Bob changed their display name to Robert";
        QTest::newRow("avatar") << QByteArray(R"({"type":"m.room.member","sender":"@bob:x","state_key":"@bob:x","content":{"membership":"join","displayname":"Bob","avatar_url":"mxc:\/\/x/new"},"unsigned":{"prev_content":{"membership":"join","displayname":"Bob","avatar_url":"mxc:\/\/x/old"}}})")
                                << "Bob changed their avatar";
        QTest::newRow("name") << QByteArray(R"({"type":"m.room.name","sender":"@alice:x","state_key":"","content":{"name":"Ops"}})")
                              << "Alice changed the room name to “Ops”";
        QTest::newRow("topic") << QByteArray(R"({"type":"m.room.topic","sender":"@alice:x","state_key":"","content":{"topic":"Daily"}})")
                               << "Alice changed the topic to “Daily”";
        QTest::newRow("room avatar") << QByteArray(R"({"type":"m.room.avatar","sender":"@alice:x","state_key":"","content":{"url":"mxc:\/\/x/r"}})")
                                     << "Alice changed the room avatar";
        QTest::newRow("create") << QByteArray(R"({"type":"m.room.create","sender":"@alice:x","state_key":"","content":{"room_version":"10"}})")
                                << "Alice created the room";
        QTest::newRow("encryption") << QByteArray(R"({"type":"m.room.encryption","sender":"@alice:x","state_key":"","content":{"algorithm":"m.megolm.v1.aes-sha2"}})")
                                    << "Alice enabled end-to-end encryption";
        QTest::newRow("join rules") << QByteArray(R"({"type":"m.room.join_rules","sender":"@alice:x","state_key":"","content":{"join_rule":"invite"}})")
                                    << "Alice made the room invite only";
        QTest::newRow("history") << QByteArray(R"({"type":"m.room.history_visibility","sender":"@alice:x","state_key":"","content":{"history_visibility":"shared"}})")
                                 << "Alice made future room history visible to all members";
        QTest::newRow("power levels") << QByteArray(R"({"type":"m.room.power_levels","sender":"@alice:x","state_key":"","content":{}})")
                                      << "Alice changed permissions";
        QTest::newRow("alias") << QByteArray(R"({"type":"m.room.canonical_alias","sender":"@alice:x","state_key":"","content":{"alias":"#ops:x"}})")
                               << "Alice set the main address of the room to #ops:x";
        QTest::newRow("redacted") << QByteArray(R"({"type":"m.room.message","sender":"@alice:x","content":{},"unsigned":{"redacted_because":{}}})")
                                  << "Message deleted";
        QTest::newRow("encrypted") << QByteArray(R"({"type":"m.room.encrypted","sender":"@alice:x","content":{"algorithm":"m.megolm.v1.aes-sha2"}})")
                                   << "Encrypted message";
        QTest::newRow("encrypted, key missing") << QByteArray(R"({"type":"m.room.encrypted","sender":"@alice:x","content":{"algorithm":"m.megolm.v1.aes-sha2"},"org.estafette.e2e":{"error":"missing_key"}})")
                                                << "Encrypted message: its key has not been received yet. It will be shown as soon as the key arrives.";
        QTest::newRow("encrypted, index unknown") << QByteArray(R"({"type":"m.room.encrypted","sender":"@alice:x","content":{"algorithm":"m.megolm.v1.aes-sha2"},"org.estafette.e2e":{"error":"unknown_index"}})")
                                                  << "Encrypted message: its key has not been received yet. It will be shown as soon as the key arrives.";
        QTest::newRow("encrypted, replay") << QByteArray(R"({"type":"m.room.encrypted","sender":"@alice:x","content":{"algorithm":"m.megolm.v1.aes-sha2"},"org.estafette.e2e":{"error":"replay"}})")
                                           << "Message rejected: it reuses a key already used (possible replay attack).";
        QTest::newRow("encrypted, wrong room") << QByteArray(R"({"type":"m.room.encrypted","sender":"@alice:x","content":{"algorithm":"m.megolm.v1.aes-sha2"},"org.estafette.e2e":{"error":"wrong_room"}})")
                                               << "Message rejected: it was encrypted for another room.";
        QTest::newRow("encrypted, malformed") << QByteArray(R"({"type":"m.room.encrypted","sender":"@alice:x","content":{"algorithm":"m.megolm.v1.aes-sha2"},"org.estafette.e2e":{"error":"malformed"}})")
                                              << "Encrypted message that cannot be read: it is damaged.";
        QTest::newRow("encrypted, algorithm") << QByteArray(R"({"type":"m.room.encrypted","sender":"@alice:x","content":{"algorithm":"m.olm.v9"},"org.estafette.e2e":{"error":"unsupported_algorithm"}})")
                                              << "Encrypted message that cannot be read: it uses an encryption method Estafette does not support.";
        QTest::newRow("decrypted") << QByteArray(R"({"type":"m.room.message","sender":"@alice:x","content":{"msgtype":"m.text","body":"secret"},"org.estafette.e2e":{"trust":"mismatch","sender_key":"k","session_id":"s"}})")
                                   << "secret";
        QTest::newRow("unknown") << QByteArray(R"({"type":"m.poll.start","sender":"@alice:x","content":{}})")
                                 << "Unsupported event (m.poll.start)";
        QTest::newRow("member without content") << QByteArray(R"({"type":"m.room.member","sender":"@bob:x","state_key":"@bob:x","content":null})")
                                                << "Unsupported event (m.room.member)";
        QTest::newRow("no sender") << QByteArray(R"({"type":"m.room.topic","state_key":"","content":{"topic":"T"}})")
                                   << "Someone changed the topic to “T”";
}
#endif

} // namespace

class TestEventDescription : public QObject {
    Q_OBJECT
private slots:
    void describes_data() { addDescriptionRows(); }
    void describes()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        QCOMPARE(describeEvent(ev(json.constData()), names), expected);
    }

    void noLookupFallsBackToIds()
    {
        QCOMPARE(describeEvent(ev(R"({"type":"m.room.power_levels","sender":"@zed:x","state_key":"","content":{}})"), {}),
                 QStringLiteral("@zed:x changed permissions"));
    }

    void previews()
    {
        QCOMPARE(previewEvent(ev(R"({"type":"m.room.message","sender":"@alice:x","content":{"msgtype":"m.text","body":"hello"}})"), names),
                 QStringLiteral("Alice: hello"));
        QCOMPARE(previewEvent(ev(R"({"type":"m.room.message","sender":"@alice:x","content":{"msgtype":"m.emote","body":"waves"}})"), names),
                 QStringLiteral("* Alice waves"));
        QCOMPARE(previewEvent(ev(R"({"type":"m.room.member","sender":"@bob:x","state_key":"@bob:x","content":{"membership":"join"}})"), names),
                 QStringLiteral("Bob joined the room"));
    }

    // The room list says in a few words why a message is not shown.
    void previewsUndecryptedMessagesShortly_data()
    {
        QTest::addColumn<int>("error"); // a DecryptionError; -1: not tried
        QTest::addColumn<QString>("expected");
        QTest::newRow("not tried") << -1 << "Alice: Encrypted message";
        QTest::newRow("missing key") << int(DecryptionError::MissingKey) << "Alice: Encrypted message, waiting for its key";
        QTest::newRow("unknown index") << int(DecryptionError::UnknownIndex) << "Alice: Encrypted message, waiting for its key";
        QTest::newRow("replay") << int(DecryptionError::Replay) << "Alice: Message rejected";
        QTest::newRow("wrong room") << int(DecryptionError::WrongRoom) << "Alice: Message rejected";
        QTest::newRow("malformed") << int(DecryptionError::Malformed) << "Alice: Unreadable encrypted message";
        QTest::newRow("algorithm") << int(DecryptionError::UnsupportedAlgorithm) << "Alice: Unreadable encrypted message";
    }
    void previewsUndecryptedMessagesShortly()
    {
        QFETCH(int, error);
        QFETCH(QString, expected);
        const Event encrypted(QJsonObject{{"type", "m.room.encrypted"}, {"sender", "@alice:x"}, {"event_id", "$e"},
                                          {"content", QJsonObject{{"algorithm", "m.megolm.v1.aes-sha2"},
                                                                  {"sender_key", "k"}, {"session_id", "s"}}}});
        const Event shown = error < 0 ? encrypted : undecryptableEvent(encrypted, DecryptionError(error));
        QCOMPARE(previewEvent(shown, names), expected);
        // The timeline says more than the room list.
        QVERIFY(describeEvent(shown, names).size() >= expected.size() - QStringLiteral("Alice: ").size());
    }

    // A decrypted message is previewed like any message, whatever its sender trust.
    void previewsDecryptedMessagesNormally()
    {
        const Event encrypted(QJsonObject{{"type", "m.room.encrypted"}, {"sender", "@alice:x"}, {"event_id", "$e"},
                                          {"content", QJsonObject{{"algorithm", "m.megolm.v1.aes-sha2"}}}});
        EncryptionStatus status;
        status.encrypted = true;
        status.decrypted = true;
        status.trust = SenderTrust::Forwarded;
        const Event decrypted = decryptedEvent(encrypted, "m.room.message",
                                               QJsonObject{{"msgtype", "m.text"}, {"body", "hello"}}, status);
        QCOMPARE(previewEvent(decrypted, names), QStringLiteral("Alice: hello"));
        QCOMPARE(describeEvent(decrypted, names), QStringLiteral("hello"));
    }

    // An m.room.message whose "body" is missing, not a string or blank (possible only in an encrypted room, where
    // the server can't check) is an unreadable message with a reason, never a blank row or a blank preview.
    void unreadableMessages_data()
    {
        QTest::addColumn<QJsonValue>("body"); // undefined: no "body" at all
        QTest::addColumn<QString>("reason");  // what the reason says
        QTest::newRow("missing") << QJsonValue(QJsonValue::Undefined) << "no text";
        QTest::newRow("number") << QJsonValue(42) << "not text";
        QTest::newRow("null") << QJsonValue(QJsonValue::Null) << "not text";
        QTest::newRow("object") << QJsonValue(QJsonObject{{"text", "hi"}}) << "not text";
        QTest::newRow("array") << QJsonValue(QJsonArray{"hi"}) << "not text";
        QTest::newRow("empty") << QJsonValue(QString()) << "empty";
        QTest::newRow("blank") << QJsonValue(QStringLiteral(" \n ")) << "empty";
    }
    void unreadableMessages()
    {
        QFETCH(QJsonValue, body);
        QFETCH(QString, reason);
        for (const char *msgtype : {"m.text", "m.emote", "m.notice"}) {
            QJsonObject content{{"msgtype", msgtype}};
            if (!body.isUndefined())
                content.insert(QStringLiteral("body"), body);
            const Event plain(QJsonObject{{"type", "m.room.message"}, {"sender", "@alice:x"}, {"event_id", "$p"},
                                          {"content", content}});
            QCOMPARE(describeEvent(plain, names), QStringLiteral("Unreadable message"));
            QCOMPARE(previewEvent(plain, names), QStringLiteral("Alice: Unreadable message"));
            QVERIFY2(describeUnreadable(plain).contains(reason), qPrintable(describeUnreadable(plain)));

            // The realistic case: an encrypted event that decrypts to such content.
            const Event encrypted(QJsonObject{{"type", "m.room.encrypted"}, {"sender", "@alice:x"}, {"event_id", "$e"},
                                              {"content", QJsonObject{{"algorithm", "m.megolm.v1.aes-sha2"}}}});
            EncryptionStatus status;
            status.encrypted = status.decrypted = true;
            const Event decrypted = decryptedEvent(encrypted, "m.room.message", content, status);
            QCOMPARE(describeEvent(decrypted, names), QStringLiteral("Unreadable message"));
            QCOMPARE(describeUnreadable(decrypted), describeUnreadable(plain));
        }
    }

    // Readable messages, deleted ones and other events have no such reason.
    void readableEventsHaveNoUnreadableReason()
    {
        QVERIFY(describeUnreadable(ev(R"({"type":"m.room.message","sender":"@alice:x","content":{"msgtype":"m.text","body":"hello"}})")).isEmpty());
        QVERIFY(describeUnreadable(ev(R"({"type":"m.room.message","sender":"@alice:x","content":{},"unsigned":{"redacted_because":{"type":"m.room.redaction"}}})")).isEmpty());
        QVERIFY(describeUnreadable(ev(R"({"type":"m.room.topic","sender":"@alice:x","state_key":"","content":{}})")).isEmpty());
        QVERIFY(describeUnreadable(ev(R"({"type":"m.room.encrypted","sender":"@alice:x","content":{}})")).isEmpty());
        QCOMPARE(describeEvent(ev(R"({"type":"m.room.message","sender":"@alice:x","content":{},"unsigned":{"redacted_because":{"type":"m.room.redaction"}}})"), names),
                 QStringLiteral("Message deleted"));
    }

    // The sender's trust is said only when it is not established, naming the sender.
    void describesSenderTrustOnlyWhenNotEstablished()
    {
        const Event encrypted(QJsonObject{{"type", "m.room.encrypted"}, {"sender", "@alice:x"}, {"event_id", "$e"},
                                          {"content", QJsonObject{{"algorithm", "m.megolm.v1.aes-sha2"}}}});
        auto withTrust = [&](SenderTrust trust) {
            EncryptionStatus status;
            status.encrypted = true;
            status.decrypted = true;
            status.trust = trust;
            return decryptedEvent(encrypted, "m.room.message", QJsonObject{{"msgtype", "m.text"}, {"body", "hi"}},
                                  status);
        };
        QVERIFY(describeSenderTrust(withTrust(SenderTrust::KnownDevice), names).isEmpty());
        QVERIFY(describeSenderTrust(encrypted, names).isEmpty());
        QVERIFY(describeSenderTrust(undecryptableEvent(encrypted, DecryptionError::MissingKey), names).isEmpty());
        const Event plain(QJsonObject{{"type", "m.room.message"}, {"sender", "@alice:x"}, {"event_id", "$p"},
                                      {"content", QJsonObject{{"msgtype", "m.text"}, {"body", "hi"}}}});
        QVERIFY(describeSenderTrust(plain, names).isEmpty());
        for (SenderTrust trust : {SenderTrust::Mismatch, SenderTrust::UnknownDevice, SenderTrust::Forwarded}) {
            const QString sentence = describeSenderTrust(withTrust(trust), names);
            QVERIFY2(sentence.contains(QStringLiteral("Alice")), qPrintable(sentence));
        }
        QVERIFY(describeSenderTrust(withTrust(SenderTrust::Mismatch), names)
                != describeSenderTrust(withTrust(SenderTrust::Forwarded), names));
    }
};

QTEST_GUILESS_MAIN(TestEventDescription)
#include "test_event_description.moc"
