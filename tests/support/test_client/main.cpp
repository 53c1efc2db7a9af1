// estafette_test_client: libclient's Session with its encrypted store, without widgets, driven over stdin/stdout
// by integration tests that need to kill -9 and restart "the app" (what the composer does is outbox->sendText).
//   estafette_test_client --db PATH --key HEX [--server URL --user LOCALPART --password PW]
// Without --user the account is resumed from the store. Output lines:
//   ready                         signed in; cached rooms and pending messages are loaded
//   accepted <txn>                the message is committed to the store (the composer's promise)
//   sent <txn> <event id>         the server confirmed it
//   progress <txn> <sent> <total> an attachment's upload progress, in bytes
//   attach-refused <sentence>     a file could not be staged (nothing of it was accepted)
//   state <connection state>      connected / reconnecting / offline ...
//   crypto-ready <device id>      end-to-end encryption started and the device keys are on the server
//   rooms <json>                  answer to "rooms": [{id, membership, name, messages:[bodies...],
//                                 undecryptable: n}] (messages: m.room.message bodies, decrypted ones included)
//   store-failed <kind>           the store could not be opened or written
// Commands: "send <room id> <text...>", "attach <room id> <path>" (a file as the composer hands it over: staged,
// then accepted), "join <room id>", "rooms", "quit".
#include "events/event.h"
#include "media/attachment_source.h"
#include "rooms/outbox.h"
#include "rooms/outbox_update.h"
#include "rooms/room.h"
#include "rooms/room_list.h"
#include "session/crypto_session.h"
#include "session/media_session.h"
#include "session/room_actions.h"
#include "session/session.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSocketNotifier>

#include <cstdio>
#include <unistd.h>

using namespace estafette;

namespace {
void say(const QString &line)
{
    std::fprintf(stdout, "%s\n", qPrintable(line));
    std::fflush(stdout);
}

QJsonArray describeRooms(RoomList *rooms)
{
    QJsonArray out;
    for (int i = 0; rooms && i < rooms->count(); ++i) {
        Room *room = rooms->at(i);
        QJsonArray bodies;
        int undecryptable = 0;
        for (int row = 0; row < room->timeline()->size(); ++row) {
            const TimelineItem &item = room->timeline()->at(row);
            if (item.type != TimelineItem::Type::Gap && item.event.kind() == EventKind::Message)
                bodies.append(RoomMessageView(item.event).body());
            if (item.type != TimelineItem::Type::Gap && item.event.kind() == EventKind::Encrypted)
                ++undecryptable;
        }
        static const char *memberships[] = {"join", "invite", "leave"};
        out.append(QJsonObject{{QStringLiteral("id"), room->id()},
                               {QStringLiteral("membership"), QLatin1String(memberships[int(room->membership())])},
                               {QStringLiteral("name"), room->displayName()},
                               {QStringLiteral("messages"), bodies},
                               {QStringLiteral("undecryptable"), undecryptable}});
    }
    return out;
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption db(QStringLiteral("db"), QStringLiteral("database path"), QStringLiteral("path"));
    const QCommandLineOption key(QStringLiteral("key"), QStringLiteral("raw key, hex"), QStringLiteral("hex"));
    const QCommandLineOption server(QStringLiteral("server"), QStringLiteral("homeserver"), QStringLiteral("url"));
    const QCommandLineOption user(QStringLiteral("user"), QStringLiteral("user"), QStringLiteral("user"));
    const QCommandLineOption password(QStringLiteral("password"), QStringLiteral("password"), QStringLiteral("pw"));
    parser.addOptions({db, key, server, user, password});
    parser.process(app);

    AccountLocation where{parser.value(db), QByteArray::fromHex(parser.value(key).toLatin1())};
    Session session;
    QObject::connect(&session, &Session::signedIn, &app, [&session] {
        QObject::connect(session.outbox(), &Outbox::accepted, session.outbox(),
                         [](const QString &, const QString &txn) { say(QStringLiteral("accepted ") + txn); });
        QObject::connect(session.outbox(), &Outbox::sent, session.outbox(),
                         [](const QString &, const QString &txn, const QString &eventId) {
                             say(QStringLiteral("sent %1 %2").arg(txn, eventId));
                         });
        QObject::connect(session.outbox(), &Outbox::updated, session.outbox(), [](const OutboxUpdate &update) {
            if (update.kind == OutboxUpdate::Kind::Progress)
                say(QStringLiteral("progress %1 %2 %3").arg(update.transactionId).arg(update.transferred).arg(update.total));
        });
        if (MediaSession *media = session.media())
            QObject::connect(media, &MediaSession::attachmentRefused, media,
                             [](const QString &, const QString &, const QString &sentence) {
                                 say(QStringLiteral("attach-refused ") + sentence);
                             });
        say(QStringLiteral("ready"));
        if (CryptoSession *crypto = session.crypto()) {
            auto announce = [crypto] { say(QStringLiteral("crypto-ready ") + crypto->deviceId()); };
            QObject::connect(crypto, &CryptoSession::deviceKeysUploaded, crypto, announce);
            QObject::connect(crypto, &CryptoSession::started, crypto, [crypto, announce] {
                if (crypto->deviceKeysPublished())
                    announce();
            });
        }
    });
    QObject::connect(&session, &Session::connectionStateChanged, &app, [](ConnectionState state) {
        static const char *names[] = {"disconnected", "connecting", "connected", "reconnecting", "offline", "stopped"};
        say(QStringLiteral("state ") + QLatin1String(names[int(state)]));
    });
    QObject::connect(&session, &Session::storeFailed, &app, [](const StoreError &error) {
        say(QStringLiteral("store-failed %1").arg(int(error.kind)));
    });
    QObject::connect(&session, &Session::signInFailed, &app, [](SignInFailure failure, const MatrixError &error) {
        say(QStringLiteral("sign-in-failed %1 %2").arg(int(failure)).arg(error.errcode));
    });

    QSocketNotifier input(STDIN_FILENO, QSocketNotifier::Read);
    QByteArray buffer;
    QObject::connect(&input, &QSocketNotifier::activated, &app, [&] {
        char chunk[4096];
        const ssize_t n = ::read(STDIN_FILENO, chunk, sizeof chunk);
        if (n <= 0) {
            input.setEnabled(false);
            app.quit();
            return;
        }
        buffer.append(chunk, n);
        int newline;
        while ((newline = buffer.indexOf('\n')) >= 0) {
            const QString line = QString::fromUtf8(buffer.left(newline));
            buffer.remove(0, newline + 1);
            const QString command = line.section(QLatin1Char(' '), 0, 0);
            if (command == QLatin1String("send") && session.outbox())
                session.outbox()->sendText(line.section(QLatin1Char(' '), 1, 1), line.section(QLatin1Char(' '), 2));
            else if (command == QLatin1String("attach") && session.media()) {
                AttachmentSource source;
                source.path = line.section(QLatin1Char(' '), 2);
                session.media()->sendAttachments(line.section(QLatin1Char(' '), 1, 1), {source});
            } else if (command == QLatin1String("join") && session.roomActions())
                session.roomActions()->acceptInvite(line.section(QLatin1Char(' '), 1, 1));
            else if (command == QLatin1String("rooms"))
                say(QStringLiteral("rooms ")
                    + QString::fromUtf8(QJsonDocument(describeRooms(session.rooms())).toJson(QJsonDocument::Compact)));
            else if (command == QLatin1String("quit"))
                app.quit();
        }
    });

    if (parser.isSet(user))
        session.signIn(parser.value(server), parser.value(user), parser.value(password), {}, where);
    else
        session.resumeFromStore(where);
    return app.exec();
}
