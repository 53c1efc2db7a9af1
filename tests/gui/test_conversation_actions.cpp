// What a person does to the messages of a conversation, in the real main window, offscreen, signed in to the
// local Synapse as a fresh user, with a matrix-nio peer in the same room (in the clear): each action is reached as
// a person reaches it (the message's context menu opened by a right click on its row, Up in the empty composer, a
// click on a painted reaction chip or link) and what goes out is checked where it arrives, at nio. Reply (the
// composer's bar names the sender; the reply's row quotes the original's first line), edit our last message with
// Up, react and take the reaction back with a click on its chip, pick another reaction in the emoji picker,
// delete with a reason (Enter alone cancels), copy the text and the matrix.to link, and links that show another
// address than where they lead ask before opening (No is the default) while honest ones open at once.
#include "app_controller.h"
#include "app_options.h"
#include "composer/composer_context_bar.h"
#include "composer/composer_panel.h"
#include "composer_edit.h"
#include "gui_finders.h"
#include "main_window.h"
#include "models/reply_preview.h"
#include "models/timeline_model.h"
#include "room_view.h"
#include "rooms/aggregations.h"
#include "rooms/room.h"
#include "rooms/room_list.h"
#include "session/session.h"
#include "support/nio_peer.h"
#include "support/synapse_fixture.h"
#include "timeline/emoji_picker.h"
#include "timeline/message_interactions.h"
#include "timeline/redact_dialog.h"
#include "timeline/timeline_delegate.h"
#include "timeline/timeline_view.h"
#include "timeline_points.h"

#include <QClipboard>
#include <QContextMenuEvent>
#include <QDeadlineTimer>
#include <QDialogButtonBox>
#include <QGuiApplication>
#include <QLineEdit>
#include <QLabel>
#include <QListView>
#include <QListWidget>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>

using namespace estafette;
using namespace estafette::test;

namespace {

// Watches, from inside whatever modal loop runs (a menu's exec, a message box's), for the visible top-level
// widget of type T named `name`, and acts on it once. Lives in the caller's scope: it never fires after it.
template<typename T>
class WhenShown {
public:
    WhenShown(const QString &name, std::function<void(T *)> act)
    {
        m_timer.setInterval(30);
        QObject::connect(&m_timer, &QTimer::timeout, [this, name, act = std::move(act)] {
            if (T *widget = visibleTopLevel<T>(name)) {
                m_timer.stop();
                m_seen = true;
                act(widget);
            }
        });
        m_timer.start();
    }
    bool seen() const { return m_seen; }

private:
    QTimer m_timer;
    bool m_seen = false;
};

// Types `text` as a keyboard would, one key event per character (QTest::keyClicks takes ASCII only; French
// needs accents). Surrogate pairs are sent whole.
void typeText(QWidget *widget, const QString &text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        const qsizetype length = text.at(i).isHighSurrogate() && i + 1 < text.size() ? 2 : 1;
        const QString one = text.mid(i, length);
        i += length - 1;
        const Qt::Key key = one.size() == 1 && one.at(0).unicode() < 0x80 ? Qt::Key(one.at(0).toUpper().unicode())
                                                                          : Qt::Key_unknown;
        QTest::sendKeyEvent(QTest::Click, widget, key, one, Qt::NoModifier);
    }
}

// The first-level object names a menu offers, separators left out.
QStringList namesIn(const QMenu *menu)
{
    QStringList names;
    for (const QAction *action : menu->actions()) {
        if (!action->isSeparator())
            names << action->objectName();
    }
    return names;
}

QJsonObject relatesTo(const QJsonObject &event)
{
    return event.value("content").toObject().value("m.relates_to").toObject();
}

// What https://matrix.to links percent-encode in room and event ids (the rest of their characters, letters,
// digits, '-', '_' and '.', stay as they are): written out here rather than asked of Qt, as the app does.
QString matrixToPart(QString id)
{
    return id.replace(QLatin1Char('%'), QLatin1String("%25"))
        .replace(QLatin1Char('!'), QLatin1String("%21"))
        .replace(QLatin1Char('$'), QLatin1String("%24"))
        .replace(QLatin1Char(':'), QLatin1String("%3A"))
        .replace(QLatin1Char('/'), QLatin1String("%2F"))
        .replace(QLatin1Char('+'), QLatin1String("%2B"))
        .replace(QLatin1Char('='), QLatin1String("%3D"));
}

} // namespace

class TestConversationActions : public QObject {
    Q_OBJECT
    TestServer m_server;
    std::optional<TestUser> m_me;
    std::optional<TestUser> m_peerUser;
    NioPeer m_peer;
    QTemporaryDir m_profile;
    std::unique_ptr<AppController> m_app;
    MainWindow *m_main = nullptr;
    QString m_roomId;
    QString m_peerMessage; // the peer's message most tests act on
    QList<QUrl> m_opened;  // what the link opener was asked to open

    static inline const QString kPeerText = QStringLiteral("Point d’étape demain à 10 h ?\nOrdre du jour en pièce jointe.");
    static inline const QString kPeerFirstLine = QStringLiteral("Point d’étape demain à 10 h ?");

    TimelineView *timeline() const { return m_main->roomView()->timeline(); }
    ComposerPanel *composerPanel() const { return m_main->roomView()->composerPanel(); }
    QAbstractItemModel *model() const { return timeline()->model(); }
    QModelIndex indexOf(const QString &eventId) const
    {
        for (int row = model()->rowCount() - 1; row >= 0; --row) {
            const QModelIndex index = model()->index(row, 0);
            if (index.data(TimelineModel::EventIdRole).toString() == eventId)
                return index;
        }
        return {};
    }
    int rowOf(const QString &eventId) const { return indexOf(eventId).row(); }

    // Types `text` into the composer and presses Enter; the event id of our message once the server gave it one.
    QString sendFromComposer(const QString &text)
    {
        ComposerEdit *edit = composerPanel()->edit();
        edit->setFocus();
        typeText(edit, text);
        QTest::keyClick(edit, Qt::Key_Return);
        QString eventId;
        const bool echoed = QTest::qWaitFor([&] {
            for (int row = model()->rowCount() - 1; row >= 0; --row) {
                const QModelIndex index = model()->index(row, 0);
                if (index.data(TimelineModel::BodyRole).toString() == text
                    && index.data(TimelineModel::IsOwnRole).toBool()
                    && !index.data(TimelineModel::EventIdRole).toString().isEmpty()) {
                    eventId = index.data(TimelineModel::EventIdRole).toString();
                    return true;
                }
            }
            return false;
        }, 30000);
        return echoed ? eventId : QString();
    }

    // The first event nio has received in the room that `match` accepts (polled until timeoutMs), or {}.
    QJsonObject atPeer(const std::function<bool(const QJsonObject &)> &match, int timeoutMs = 30000)
    {
        QDeadlineTimer deadline(timeoutMs);
        do {
            const QJsonObject answer = m_peer.command(QStringLiteral("events"), {{"room_id", m_roomId}});
            for (const QJsonValue &value : answer.value("events").toArray()) {
                if (match(value.toObject()))
                    return value.toObject();
            }
            QTest::qWait(150);
        } while (!deadline.hasExpired());
        return {};
    }
    int countAtPeer(const std::function<bool(const QJsonObject &)> &match)
    {
        const QJsonObject answer = m_peer.command(QStringLiteral("events"), {{"room_id", m_roomId}});
        int count = 0;
        for (const QJsonValue &value : answer.value("events").toArray())
            count += match(value.toObject()) ? 1 : 0;
        return count;
    }
    // The peer's message `eventId` once the app's timeline shows it.
    bool shownInTimeline(const QString &eventId) const
    {
        return QTest::qWaitFor([&] { return indexOf(eventId).isValid(); }, 30000);
    }

    // Opens the context menu of `eventId`'s row as a right click on it does, and picks the action named
    // path.last() (through the submenu named by the action path.first() when there are two; `text` chooses among
    // actions of the same name). The names the menu offered at its first level; picked says whether the wanted
    // action was there.
    QStringList pickFromMenu(const QString &eventId, const QStringList &path, const QString &text = {},
                             bool *picked = nullptr)
    {
        bool found = false;
        QStringList offered;
        const QModelIndex index = indexOf(eventId);
        if (!index.isValid()) {
            if (picked)
                *picked = false;
            return {};
        }
        TimelineView *view = timeline();
        view->scrollTo(index);
        QApplication::processEvents();
        const QRect rect = view->visualRect(index);
        const QPoint at(rect.left() + rect.width() / 2, rect.center().y());

        int step = 0;
        QTimer timer;
        timer.setInterval(30);
        QObject::connect(&timer, &QTimer::timeout, [&] {
            auto *menu = visibleTopLevel<QMenu>(step == 0 ? QStringLiteral("messageMenu") : QStringLiteral("reactMenu"));
            if (!menu)
                return;
            if (step == 0)
                offered = namesIn(menu);
            const bool last = step + 1 == path.size();
            QAction *wanted = nullptr;
            for (QAction *action : menu->actions()) {
                if (action->objectName() == path.at(step) && (!last || text.isEmpty() || action->text() == text))
                    wanted = action;
            }
            if (!wanted) {
                timer.stop();
                for (QWidget *w : QApplication::topLevelWidgets()) {
                    if (qobject_cast<QMenu *>(w) && w->isVisible())
                        w->close();
                }
                return;
            }
            menu->setActiveAction(wanted);
            if (!last) {
                ++step;
                QTest::keyClick(menu, Qt::Key_Right); // opens the submenu
                return;
            }
            timer.stop();
            found = true;
            QTest::keyClick(menu, Qt::Key_Return);
        });
        timer.start();
        // A right click: QAbstractScrollArea hands the viewport's event to the view, in the viewport's coordinates.
        QContextMenuEvent event(QContextMenuEvent::Mouse, at, view->viewport()->mapToGlobal(at));
        QApplication::sendEvent(view->viewport(), &event);
        timer.stop();
        if (picked)
            *picked = found;
        return offered;
    }

    // Where, in the viewport, `eventId`'s row paints what `hit` finds (a chip's key, a link); null when nowhere.
    QPoint pointWhere(const QString &eventId, const std::function<QString(const QStyleOptionViewItem &,
                                                                         const QModelIndex &, const QPoint &)> &hit,
                      QString *what = nullptr)
    {
        TimelineView *view = timeline();
        const QModelIndex index = indexOf(eventId);
        if (!index.isValid())
            return {};
        view->scrollTo(index);
        QApplication::processEvents();
        const QStyleOptionViewItem option = optionFor(*view, index);
        QRect found;
        QString first;
        for (int y = option.rect.top(); y <= option.rect.bottom(); y += 2) {
            for (int x = option.rect.left(); x <= option.rect.right(); x += 2) {
                const QString here = hit(option, index, QPoint(x, y));
                if (!here.isEmpty() && (first.isEmpty() || here == first)) {
                    first = here;
                    found |= QRect(x, y, 1, 1);
                }
            }
        }
        if (what)
            *what = first;
        return found.isNull() ? QPoint() : found.center();
    }
    QPoint chipPoint(const QString &eventId, const QString &key)
    {
        return pointWhere(eventId, [&](const QStyleOptionViewItem &option, const QModelIndex &index, const QPoint &p) {
            const QString at = timeline()->timelineDelegate()->reactionKeyAt(option, index, p);
            return at == key ? at : QString();
        });
    }
    QPoint linkPoint(const QString &eventId, QString *href)
    {
        return pointWhere(eventId,
                          [&](const QStyleOptionViewItem &option, const QModelIndex &index, const QPoint &p) {
                              return timeline()->timelineDelegate()->linkAt(option, index, p);
                          },
                          href);
    }

    ReactionGroups reactionsOf(const QString &eventId) const
    {
        return indexOf(eventId).data(TimelineModel::ReactionsRole).value<ReactionGroups>();
    }
    static const ReactionGroup *groupOf(const ReactionGroups &groups, const QString &key)
    {
        for (const ReactionGroup &group : groups) {
            if (group.key == key)
                return &group;
        }
        return nullptr;
    }

    // The peer's formatted message with this HTML, once the app shows it as formatted text: its event id.
    QString peerSendsFormatted(const QString &body, const QString &html)
    {
        const QJsonObject sent = m_peer.command(QStringLiteral("send"),
                                                {{"room_id", m_roomId}, {"body", body}, {"formatted_body", html}});
        const QString eventId = sent.value("event_id").toString();
        if (eventId.isEmpty() || !QTest::qWaitFor([&] {
                return !indexOf(eventId).data(TimelineModel::FormattedHtmlRole).toString().isEmpty();
            }, 30000))
            return {};
        return eventId;
    }

    // With ESTAFETTE_TEST_GRABS=<folder>, what the test saw is saved there as PNG files, for a person to look at.
    static void saveGrab(QWidget *widget, const char *name)
    {
        const QString folder = qEnvironmentVariable("ESTAFETTE_TEST_GRABS");
        if (!folder.isEmpty())
            widget->grab().save(folder + QLatin1Char('/') + QLatin1String(name) + QStringLiteral(".png"));
    }

private slots:
    void initTestCase()
    {
        QString error;
        auto server = testServer(&error);
        QVERIFY2(server, qPrintable(error));
        m_server = *server;
        m_me = registerUser(m_server, QStringLiteral("actions"), false, &error);
        QVERIFY2(m_me, qPrintable(error));
        m_peerUser = registerUser(m_server, QStringLiteral("actionspeer"), false, &error);
        QVERIFY2(m_peerUser, qPrintable(error));
        QVERIFY2(m_peer.start(m_server, *m_peerUser, &error), qPrintable(error));
        const QString roomName = QStringLiteral("Cellule de coordination");
        m_roomId = m_peer.createRoom(roomName, {m_me->userId});
        QVERIFY(!m_roomId.isEmpty());

        // Signed in by the app itself from its options, in English (the strings checked here are few).
        AppOptions options;
        options.profileDir = m_profile.path();
        options.language = QStringLiteral("en");
        options.homeserver = m_server.baseUrl.toString();
        options.user = m_me->localpart;
        options.password = m_me->password;
        m_app = std::make_unique<AppController>(options);
        m_app->start();
        QTRY_VERIFY_WITH_TIMEOUT(m_app->mainWindow() != nullptr, 30000);
        m_main = m_app->mainWindow();
        QVERIFY(QTest::qWaitForWindowExposed(m_main));

        // The invitation, accepted from the room list.
        auto *rooms = m_main->findChild<QListView *>(QStringLiteral("roomList"));
        QVERIFY(rooms);
        QTRY_VERIFY_WITH_TIMEOUT(rowNamed(rooms->model(), roomName) >= 0, 30000);
        rooms->setCurrentIndex(rooms->model()->index(rowNamed(rooms->model(), roomName), 0));
        auto *accept = m_main->findChild<QPushButton *>(QStringLiteral("acceptInviteButton"));
        QVERIFY(accept);
        QTRY_VERIFY_WITH_TIMEOUT(accept->isVisible(), 5000);
        QTest::mouseClick(accept, Qt::LeftButton);
        Session *session = m_app->session();
        QTRY_VERIFY_WITH_TIMEOUT(session->rooms()->room(m_roomId)
                                     && session->rooms()->room(m_roomId)->membership() == Membership::Join,
                                 30000);
        const QJsonObject joined =
            m_peer.command(QStringLiteral("wait_joined"), {{"room_id", m_roomId}, {"user_id", m_me->userId}});
        QVERIFY2(joined.value("ok").toBool(), qPrintable(joined.value("error").toString()));
        QCOMPARE(timeline()->room(), session->rooms()->room(m_roomId));

        // Links are recorded, never handed to a browser.
        m_main->roomView()->messageInteractions()->setLinkOpener([this](const QUrl &url) { m_opened << url; });

        m_peerMessage = m_peer.sendText(m_roomId, kPeerText);
        QVERIFY(!m_peerMessage.isEmpty());
        QVERIFY2(shownInTimeline(m_peerMessage), "the peer's message never showed");
    }

    // Reply from the menu: the bar names whom we answer, Enter sends an m.in_reply_to, the reply quotes.
    void replyFromTheMenuQuotesTheOriginal()
    {
        const QString sender = indexOf(m_peerMessage).data(TimelineModel::SenderNameRole).toString();
        QVERIFY(!sender.isEmpty());
        QVERIFY2(sender.contains(m_peerUser->localpart), qPrintable(sender));
        bool picked = false;
        const QStringList offered = pickFromMenu(m_peerMessage, {QStringLiteral("replyAction")}, {}, &picked);
        QVERIFY2(picked, qPrintable(offered.join(u',')));
        // Someone else's message, in a room where we may not moderate: neither edited nor deleted by us.
        QVERIFY(!offered.contains(QStringLiteral("editAction")));
        QVERIFY(!offered.contains(QStringLiteral("redactAction")));
        QVERIFY(offered.contains(QStringLiteral("copyPermalinkAction")));

        auto *bar = m_main->findChild<ComposerContextBar *>(QStringLiteral("composerContextBar"));
        QVERIFY(bar);
        QTRY_VERIFY(bar->isVisible());
        QCOMPARE(composerPanel()->mode(), ComposerPanel::Mode::Reply);
        QCOMPARE(composerPanel()->contextTarget().eventId, m_peerMessage);
        QVERIFY2(bar->text().contains(sender), qPrintable(bar->text()));
        QVERIFY2(bar->text().contains(kPeerFirstLine), qPrintable(bar->text()));
        QVERIFY(!bar->text().contains(QStringLiteral("Ordre du jour"))); // its first line only
        // What the bar's label shows (checked at the end, so that the reply is tested whatever it shows): the
        // whole sentence when the bar is wide enough for it. Found failing: the first reply of a session is
        // elided to 200 px, measured while the bar had never been laid out.
        auto *label = bar->findChild<QLabel *>(QStringLiteral("composerContextLabel"));
        QVERIFY(label);
        const QString shownInBar = label->text();
        const bool wholeFits = label->fontMetrics().horizontalAdvance(bar->text()) < bar->width() - 60;
        QCOMPARE(m_main->focusWidget(), composerPanel()->edit()); // the window's focus, active or not
        saveGrab(m_main, "reply-bar");

        const QString answer = QStringLiteral("Oui, salle Sully, je prépare la note.");
        const QString replyId = sendFromComposer(answer);
        QVERIFY2(!replyId.isEmpty(), "our reply never came back from the server");
        QVERIFY(!bar->isVisible());
        QCOMPARE(composerPanel()->mode(), ComposerPanel::Mode::New);

        const QJsonObject seen = atPeer([&](const QJsonObject &e) { return e.value("event_id").toString() == replyId; });
        QVERIFY2(!seen.isEmpty(), "nio never got our reply");
        QCOMPARE(seen.value("sender").toString(), m_me->userId);
        QCOMPARE(relatesTo(seen).value("m.in_reply_to").toObject().value("event_id").toString(), m_peerMessage);
        QCOMPARE(seen.value("content").toObject().value("body").toString(), answer);

        // The reply's row quotes the original's first line, painted above its body (where a click shows it).
        const ReplyPreview quote = indexOf(replyId).data(TimelineModel::ReplyRole).value<ReplyPreview>();
        QVERIFY(quote.isReply());
        QCOMPARE(quote.eventId, m_peerMessage);
        QVERIFY(quote.loaded);
        QCOMPARE(quote.text, kPeerFirstLine);
        QVERIFY(!pointFor(*timeline(), rowOf(replyId), TimelineAction::ShowOriginal).isNull());
        QVERIFY(pointFor(*timeline(), rowOf(m_peerMessage), TimelineAction::ShowOriginal).isNull());
        saveGrab(m_main, "reply-sent");

        QVERIFY2(wholeFits, "the window is too narrow for this check");
        QCOMPARE(shownInBar, bar->text());
    }

    // Up in the empty composer edits our last message; Enter sends the m.replace; the row shows the new text.
    void upEditsOurLastMessage()
    {
        const QString original = QStringLiteral("Compte rendu envoyé ce soir");
        const QString mine = sendFromComposer(original);
        QVERIFY(!mine.isEmpty());
        ComposerEdit *edit = composerPanel()->edit();
        QVERIFY(edit->toPlainText().isEmpty());
        edit->setFocus();
        QTest::keyClick(edit, Qt::Key_Up);
        QCOMPARE(composerPanel()->mode(), ComposerPanel::Mode::Edit);
        QCOMPARE(composerPanel()->contextTarget().eventId, mine);
        QCOMPARE(edit->toPlainText(), original);
        auto *bar = composerPanel()->contextBar();
        QVERIFY(bar->isVisible());
        QVERIFY2(bar->text().startsWith(QStringLiteral("Editing")), qPrintable(bar->text()));
        saveGrab(m_main, "edit-bar");

        const QString changed = QStringLiteral("Compte rendu envoyé demain matin");
        QTest::keyClick(edit, Qt::Key_A, Qt::ControlModifier);
        typeText(edit, changed);
        QTest::keyClick(edit, Qt::Key_Return);
        QVERIFY(!bar->isVisible());
        QCOMPARE(composerPanel()->mode(), ComposerPanel::Mode::New);

        const QJsonObject seen = atPeer([&](const QJsonObject &e) {
            return e.value("sender").toString() == m_me->userId
                && relatesTo(e).value("rel_type").toString() == QLatin1String("m.replace")
                && relatesTo(e).value("event_id").toString() == mine;
        });
        QVERIFY2(!seen.isEmpty(), "nio never got our edit");
        QCOMPARE(seen.value("type").toString(), QStringLiteral("m.room.message"));
        QCOMPARE(seen.value("content").toObject().value("m.new_content").toObject().value("body").toString(), changed);

        QTRY_COMPARE_WITH_TIMEOUT(indexOf(mine).data(TimelineModel::BodyRole).toString(), changed, 30000);
        QVERIFY(indexOf(mine).data(TimelineModel::IsEditedRole).toBool());
        QVERIFY(!indexOf(seen.value("event_id").toString()).isValid()); // an edit is not a row of its own
        // An edited message offers its history.
        bool picked = false;
        const QStringList offered = pickFromMenu(mine, {QStringLiteral("none")}, {}, &picked);
        QVERIFY(!picked);
        QVERIFY2(offered.contains(QStringLiteral("editHistoryAction")), qPrintable(offered.join(u',')));
        QVERIFY(offered.contains(QStringLiteral("editAction")));
        QVERIFY(offered.contains(QStringLiteral("redactAction")));
    }

    // 👍 from the menu's quick reactions reaches nio as an annotation; a click on its chip takes it back.
    void quickReactionAndItsChipTakesItBack()
    {
        const QString thumbsUp = QStringLiteral("👍");
        bool picked = false;
        pickFromMenu(m_peerMessage, {QStringLiteral("reactAction"), QStringLiteral("quickReaction")}, thumbsUp, &picked);
        QVERIFY(picked);
        const QJsonObject annotation{{"rel_type", "m.annotation"}, {"event_id", m_peerMessage}, {"key", thumbsUp}};
        const QJsonObject reaction = atPeer([&](const QJsonObject &e) {
            return e.value("type").toString() == QLatin1String("m.reaction")
                && e.value("sender").toString() == m_me->userId && relatesTo(e) == annotation;
        });
        QVERIFY2(!reaction.isEmpty(), "nio never got our reaction");
        const QString reactionId = reaction.value("event_id").toString();

        // Our chip, once the server's echo made it ours for good (it can then be taken back).
        QTRY_VERIFY_WITH_TIMEOUT(groupOf(reactionsOf(m_peerMessage), thumbsUp)
                                     && groupOf(reactionsOf(m_peerMessage), thumbsUp)->ownEventId == reactionId,
                                 30000);
        QCOMPARE(groupOf(reactionsOf(m_peerMessage), thumbsUp)->senders, QStringList{m_me->userId});
        const QPoint chip = chipPoint(m_peerMessage, thumbsUp);
        QVERIFY2(!chip.isNull(), "no 👍 chip painted under the message");
        saveGrab(m_main, "reaction-chip");
        QTest::mouseClick(timeline()->viewport(), Qt::LeftButton, {}, chip);

        const QJsonObject redaction = atPeer([&](const QJsonObject &e) {
            return e.value("type").toString() == QLatin1String("m.room.redaction")
                && e.value("redacts").toString() == reactionId;
        });
        QVERIFY2(!redaction.isEmpty(), "nio never saw our reaction taken back");
        QCOMPARE(redaction.value("sender").toString(), m_me->userId);
        QTRY_VERIFY_WITH_TIMEOUT(!groupOf(reactionsOf(m_peerMessage), thumbsUp), 30000);
        QVERIFY(chipPoint(m_peerMessage, thumbsUp).isNull());
    }

    // "Other reaction…" opens the emoji picker: "bravo" filters, Enter picks, the reaction is sent.
    void otherReactionFromThePicker()
    {
        bool picked = false;
        pickFromMenu(m_peerMessage, {QStringLiteral("reactAction"), QStringLiteral("otherReactionAction")}, {},
                     &picked);
        QVERIFY(picked);
        EmojiPicker *found = nullptr;
        QTRY_VERIFY((found = visibleTopLevel<EmojiPicker>(QStringLiteral("emojiPicker"))));
        QPointer<EmojiPicker> picker = found;
        auto *search = picker->findChild<QLineEdit *>(QStringLiteral("emojiSearch"));
        QVERIFY(search);
        QCOMPARE(picker->focusWidget(), search);
        const int all = picker->grid()->count();
        typeText(search, QStringLiteral("bravo"));
        QStringList shown;
        for (int i = 0; i < picker->grid()->count(); ++i)
            shown << picker->grid()->item(i)->data(Qt::UserRole).toString();
        QVERIFY2(shown.size() < all, qPrintable(shown.join(u' ')));
        QVERIFY2(shown.contains(QStringLiteral("👏")) && shown.contains(QStringLiteral("🎉")), qPrintable(shown.join(u' ')));
        saveGrab(picker, "emoji-picker");
        QTest::keyClick(search, Qt::Key_Return);
        const QString chosen = shown.first(); // the first is selected: Enter picks it
        QVERIFY2(chosen == QStringLiteral("👏") || chosen == QStringLiteral("🎉"), qPrintable(chosen));
        QTRY_VERIFY(!picker || !picker->isVisible());

        const QJsonObject reaction = atPeer([&](const QJsonObject &e) {
            return e.value("type").toString() == QLatin1String("m.reaction")
                && e.value("sender").toString() == m_me->userId
                && relatesTo(e) == QJsonObject{{"rel_type", "m.annotation"}, {"event_id", m_peerMessage}, {"key", chosen}};
        });
        QVERIFY2(!reaction.isEmpty(), "nio never got the picked reaction");
        QTRY_VERIFY_WITH_TIMEOUT(groupOf(reactionsOf(m_peerMessage), chosen), 30000);
        QVERIFY(!chipPoint(m_peerMessage, chosen).isNull());
    }

    // Delete asks first (Cancel is the default: Enter alone cancels); with a reason it reaches nio.
    void deleteAsksFirstThenSendsTheReason()
    {
        const QString mine = sendFromComposer(QStringLiteral("Brouillon envoyé par erreur"));
        QVERIFY(!mine.isEmpty());
        const auto redactionOfMine = [&](const QJsonObject &e) {
            return e.value("type").toString() == QLatin1String("m.room.redaction")
                && e.value("redacts").toString() == mine;
        };

        bool picked = false;
        pickFromMenu(mine, {QStringLiteral("redactAction")}, {}, &picked);
        QVERIFY(picked);
        RedactDialog *found = nullptr;
        QTRY_VERIFY((found = visibleTopLevel<RedactDialog>(QStringLiteral("redactDialog"))));
        QPointer<RedactDialog> dialog = found;
        QPushButton *byDefault = nullptr;
        for (QPushButton *button : dialog->findChildren<QPushButton *>()) {
            if (button->isDefault())
                byDefault = button;
        }
        QVERIFY(byDefault);
        QVERIFY(byDefault != dialog->deleteButton());
        auto *buttons = dialog->findChild<QDialogButtonBox *>();
        QVERIFY(buttons);
        QCOMPARE(buttons->buttonRole(byDefault), QDialogButtonBox::RejectRole);
        QCOMPARE(dialog->deleteButton()->objectName(), QStringLiteral("redactConfirm"));
        saveGrab(dialog, "redact-dialog");
        // Enter where the focus is as it opens: cancels.
        QVERIFY(QTest::qWaitForWindowActive(dialog));
        QWidget *focused = dialog->focusWidget();
        QVERIFY(focused);
        QTest::keyClick(focused, Qt::Key_Return);
        QTRY_VERIFY(!dialog || !dialog->isVisible());

        // Enter in the reason field, a reason typed, still cancels: Cancel stays the default away from it.
        pickFromMenu(mine, {QStringLiteral("redactAction")}, {}, &picked);
        QVERIFY(picked);
        QTRY_VERIFY((found = visibleTopLevel<RedactDialog>(QStringLiteral("redactDialog"))));
        dialog = found;
        QVERIFY(QTest::qWaitForWindowActive(dialog));
        dialog->reasonField()->setFocus(Qt::TabFocusReason);
        QTRY_VERIFY(dialog->reasonField()->hasFocus());
        typeText(dialog->reasonField(), QStringLiteral("pas encore"));
        QTest::keyClick(dialog->reasonField(), Qt::Key_Return);
        QTRY_VERIFY(!dialog || !dialog->isVisible());
        QTest::qWait(300);
        QVERIFY(!indexOf(mine).data(TimelineModel::IsRedactedRole).toBool());

        // Again, with a reason, confirmed.
        pickFromMenu(mine, {QStringLiteral("redactAction")}, {}, &picked);
        QVERIFY(picked);
        QTRY_VERIFY((found = visibleTopLevel<RedactDialog>(QStringLiteral("redactDialog"))));
        dialog = found;
        auto *reason = dialog->findChild<QLineEdit *>(QStringLiteral("redactReason"));
        auto *confirm = dialog->findChild<QPushButton *>(QStringLiteral("redactConfirm"));
        QVERIFY(reason && confirm);
        const QString why = QStringLiteral("Envoyé dans le mauvais salon");
        typeText(reason, why);
        QTest::mouseClick(confirm, Qt::LeftButton);
        QTRY_VERIFY(!dialog || !dialog->isVisible());

        const QJsonObject redaction = atPeer(redactionOfMine);
        QVERIFY2(!redaction.isEmpty(), "nio never saw our deletion");
        QCOMPARE(redaction.value("sender").toString(), m_me->userId);
        QCOMPARE(redaction.value("content").toObject().value("reason").toString(), why);
        QCOMPARE(countAtPeer(redactionOfMine), 1); // the cancelled ones never left
        QTRY_VERIFY_WITH_TIMEOUT(indexOf(mine).data(TimelineModel::IsRedactedRole).toBool(), 30000);
        QCOMPARE(indexOf(mine).data(TimelineModel::BodyRole).toString(), QStringLiteral("Message deleted"));
        saveGrab(m_main, "deleted");
    }

    // Copy text: the whole body on the clipboard; copy link: the matrix.to permalink of the message.
    void copyTextAndPermalink()
    {
        QClipboard *clipboard = QGuiApplication::clipboard();
        clipboard->setText(QStringLiteral("avant"));
        bool picked = false;
        pickFromMenu(m_peerMessage, {QStringLiteral("copyTextAction")}, {}, &picked);
        QVERIFY(picked);
        QCOMPARE(clipboard->text(), kPeerText);

        pickFromMenu(m_peerMessage, {QStringLiteral("copyPermalinkAction")}, {}, &picked);
        QVERIFY(picked);
        const QString link = clipboard->text();
        QCOMPARE(link, QStringLiteral("https://matrix.to/#/%1/%2").arg(matrixToPart(m_roomId), matrixToPart(m_peerMessage)));
        QVERIFY2(link.contains(QStringLiteral("/%21")) && link.contains(QStringLiteral("/%24")), qPrintable(link));
        const QStringList parts = link.mid(QStringLiteral("https://matrix.to/#/").size()).split(u'/');
        QCOMPARE(parts.size(), 2);
        QCOMPARE(QUrl::fromPercentEncoding(parts.at(0).toLatin1()), m_roomId);
        QCOMPARE(QUrl::fromPercentEncoding(parts.at(1).toLatin1()), m_peerMessage);
    }

    // A link that reads as one address and leads to another asks first; "Don't open" is the default.
    void deceptiveLinkAsksBeforeOpening()
    {
        const QString eventId = peerSendsFormatted(
            QStringLiteral("https://impots.gouv.fr"),
            QStringLiteral("<a href=\"https://evil.example.net/login\">https://impots.gouv.fr</a>"));
        QVERIFY2(!eventId.isEmpty(), "the peer's formatted message never showed as formatted");
        QString href;
        const QPoint at = linkPoint(eventId, &href);
        QVERIFY2(!at.isNull(), "no link painted in the message");
        QCOMPARE(href, QStringLiteral("https://evil.example.net/login"));
        m_opened.clear();

        // Enter on the question: the default, "Don't open".
        QString question;
        bool noByDefault = false;
        {
            WhenShown<QMessageBox> answer(QStringLiteral("linkConfirmation"), [&](QMessageBox *box) {
                question = box->text();
                noByDefault = box->defaultButton() && box->defaultButton() == box->button(QMessageBox::No);
                saveGrab(box, "link-confirmation");
                QTest::keyClick(box, Qt::Key_Return);
            });
            QTest::mouseClick(timeline()->viewport(), Qt::LeftButton, {}, at);
            QTRY_VERIFY(answer.seen());
        }
        QVERIFY2(question.contains(QStringLiteral("evil.example.net")), qPrintable(question));
        QVERIFY(question.contains(QStringLiteral("impots.gouv.fr")));
        QVERIFY(noByDefault);
        QTest::qWait(100);
        QCOMPARE(m_opened, QList<QUrl>());
        QVERIFY(!visibleTopLevel<QMessageBox>(QStringLiteral("linkConfirmation")));

        // "Open anyway": it opens where it really leads.
        {
            WhenShown<QMessageBox> answer(QStringLiteral("linkConfirmation"), [](QMessageBox *box) {
                QTest::mouseClick(box->button(QMessageBox::Yes), Qt::LeftButton);
            });
            QTest::mouseClick(timeline()->viewport(), Qt::LeftButton, {}, at);
            QTRY_VERIFY(answer.seen());
        }
        QTRY_COMPARE(m_opened, QList<QUrl>{QUrl(QStringLiteral("https://evil.example.net/login"))});
    }

    // An honest link opens at once, without a question.
    void honestLinkOpensAtOnce()
    {
        const QString eventId = peerSendsFormatted(
            QStringLiteral("service public"),
            QStringLiteral("<a href=\"https://www.service-public.fr\">service public</a>"));
        QVERIFY2(!eventId.isEmpty(), "the peer's formatted message never showed as formatted");
        QString href;
        const QPoint at = linkPoint(eventId, &href);
        QVERIFY2(!at.isNull(), "no link painted in the message");
        QCOMPARE(href, QStringLiteral("https://www.service-public.fr"));
        m_opened.clear();
        WhenShown<QMessageBox> asked(QStringLiteral("linkConfirmation"), [](QMessageBox *box) {
            QTest::keyClick(box, Qt::Key_Escape);
        });
        QTest::mouseClick(timeline()->viewport(), Qt::LeftButton, {}, at);
        QTRY_COMPARE(m_opened, QList<QUrl>{QUrl(QStringLiteral("https://www.service-public.fr"))});
        QTest::qWait(100);
        QVERIFY(!asked.seen());
        // Beside the link, in the same message: nothing opens.
        const QRect rect = timeline()->visualRect(indexOf(eventId));
        QTest::mouseClick(timeline()->viewport(), Qt::LeftButton, {}, QPoint(rect.right() - 10, at.y()));
        QTest::qWait(100);
        QCOMPARE(m_opened.size(), 1);
    }

    void cleanupTestCase()
    {
        m_app.reset();
        m_peer.stop();
    }
};

QTEST_MAIN(TestConversationActions)
#include "test_conversation_actions.moc"
