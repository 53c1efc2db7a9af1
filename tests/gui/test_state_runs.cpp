// Runs of state changes folded into one summary line, offscreen and without a server: a room's creation and
// later joins are collapsed with the right sentences and their other rows hidden (taking no room); a click where
// the line is painted, Enter, Space and the context menu open and close a run; screen readers get what is shown;
// a join arriving after a run extends it, a message or a new day breaks runs; our read marker ends a run and
// shows under its line; older events grow an open run upwards, still open; a change in a large room is looked
// at around itself only.
#include "accessibility_audit.h"
#include "models/timeline_model.h"
#include "rooms/room.h"
#include "rooms/timeline.h"
#include "timeline/state_runs.h"
#include "timeline/text_layout_cache.h"
#include "timeline/timeline_delegate.h"
#include "timeline/timeline_row.h"
#include "timeline/timeline_view.h"
#include "timeline_points.h"

#include <QAccessible>
#include <QApplication>
#include <QContextMenuEvent>
#include <QElapsedTimer>
#include <QMenu>
#include <QScrollBar>
#include <QToolButton>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace estafette;
using namespace estafette::test;

namespace {

const QString kMe = QStringLiteral("@me:x");
constexpr qint64 kMinute = 60 * 1000;

// Noon `days` ago (local), plus `minutes`: the same days each run, whatever the time of the test.
qint64 at(int days, int minutes)
{
    const QDateTime noon(QDate::currentDate().addDays(-days), QTime(12, 0));
    return noon.toMSecsSinceEpoch() + minutes * kMinute;
}

Event stateEvent(const QString &id, const QString &sender, qint64 ts, const QString &type, const QJsonObject &content,
                 const QString &stateKey = QString())
{
    return Event(QJsonObject{{"type", type}, {"sender", sender}, {"event_id", id}, {"origin_server_ts", ts},
                             {"content", content}, {"state_key", stateKey}});
}

Event join(const QString &id, const QString &user, const QString &name, qint64 ts)
{
    return stateEvent(id, user, ts, QStringLiteral("m.room.member"),
                      QJsonObject{{"membership", "join"}, {"displayname", name}}, user);
}

Event message(const QString &id, const QString &sender, qint64 ts, const QString &body)
{
    return Event(QJsonObject{{"type", "m.room.message"}, {"sender", sender}, {"event_id", id},
                             {"origin_server_ts", ts}, {"content", QJsonObject{{"msgtype", "m.text"}, {"body", body}}}});
}

void append(Room &room, const QList<Event> &timeline, const QList<Event> &accountData = {})
{
    RoomDelta delta;
    delta.roomId = room.id();
    delta.timeline = timeline;
    delta.accountData = accountData;
    room.applyDelta(delta);
}

// Rows 0-6: Paul creates and configures the room (two days ago); 7-8 his messages; 9-11 three people join
// (yesterday).
enum Row { Create = 0, PaulJoins = 1, Topic = 6, Welcome = 7, Second = 8, AliceJoins = 9, CarolJoins = 11 };

void fillWithCreation(Room &room)
{
    const QString paul = QStringLiteral("@paul:x");
    append(room, {
        stateEvent("$create", paul, at(2, 0), "m.room.create", {{"creator", paul}, {"room_version", "10"}}),
        join("$paul", paul, "Paul", at(2, 0)),
        stateEvent("$power", paul, at(2, 0), "m.room.power_levels", {{"users", QJsonObject{{paul, 100}}}}),
        stateEvent("$rules", paul, at(2, 0), "m.room.join_rules", {{"join_rule", "invite"}}),
        stateEvent("$history", paul, at(2, 0), "m.room.history_visibility", {{"history_visibility", "shared"}}),
        stateEvent("$name", paul, at(2, 1), "m.room.name", {{"name", "Ops"}}),
        stateEvent("$topic", paul, at(2, 1), "m.room.topic", {{"topic", "Daily checks"}}),
        message("$welcome", paul, at(2, 2), "Welcome to Ops"),
        message("$second", paul, at(2, 3), "Say hello when you arrive"),
        join("$alice", "@alice:x", "Alice", at(1, 0)),
        join("$bob", "@bob:x", "Bob", at(1, 1)),
        join("$carol", "@carol:x", "Carol", at(1, 2)),
    });
}

void show(Room &room, TimelineView &view)
{
    view.resize(560, 700);
    view.setRoom(&room);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QCoreApplication::processEvents();
}

QString accessibleText(TimelineView &view, int row)
{
    return view.model()->index(row, 0).data(Qt::AccessibleTextRole).toString();
}

// What a screen reader gets for the row: the cell of the view's accessible table (built afresh, see
// AccessibilityAudit::refreshItemViews()).
QString readerText(TimelineView &view, int row)
{
    AccessibilityAudit::refreshItemViews(&view);
    QAccessibleInterface *table = QAccessible::queryAccessibleInterface(&view);
    if (!table || !table->tableInterface())
        return QStringLiteral("(no accessible table)");
    QAccessibleInterface *cell = table->tableInterface()->cellAt(row, 0);
    return cell ? cell->text(QAccessible::Name) : QStringLiteral("(no cell)");
}

QList<int> hiddenRows(TimelineView &view)
{
    QList<int> hidden;
    for (int row = 0; row < view.model()->rowCount(); ++row) {
        if (view.isRowHidden(row))
            hidden << row;
    }
    return hidden;
}

QImage grab(TimelineView &view)
{
    QCoreApplication::processEvents(); // the view lays its rows out again a moment after a change
    QImage image(view.viewport()->size(), QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    view.viewport()->render(&image);
    const QString folder = qEnvironmentVariable("ESTAFETTE_TEST_GRABS");
    static int count = 0;
    if (!folder.isEmpty())
        image.save(QStringLiteral("%1/state-runs-%2.png").arg(folder).arg(++count));
    return image;
}

// Pixels of `rect` in (about) the palette's text colour: the summary's sentence is painted in it, a plain state
// change muted.
int textColoured(const QImage &image, const QRect &rect, const QColor &text)
{
    int count = 0;
    for (int y = std::max(0, rect.top()); y <= std::min(image.height() - 1, rect.bottom()); ++y) {
        for (int x = std::max(0, rect.left()); x <= std::min(image.width() - 1, rect.right()); ++x) {
            const QColor c = image.pixelColor(x, y);
            if (std::abs(c.red() - text.red()) + std::abs(c.green() - text.green()) + std::abs(c.blue() - text.blue()) < 150)
                ++count;
        }
    }
    return count;
}

void clickSummary(TimelineView &view, int row)
{
    const QPoint point = pointFor(view, row, TimelineAction::ToggleStateRun);
    QVERIFY2(!point.isNull(), "the summary line is somewhere to click");
    QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, point);
    QCoreApplication::processEvents();
}

} // namespace

class TestStateRuns : public QObject {
    Q_OBJECT
private slots:
    void creationAndJoinsAreFolded()
    {
        Room room(QStringLiteral("!r:x"), kMe);
        fillWithCreation(room);
        TimelineView view;
        show(room, view);
        StateRuns *runs = view.stateRuns();
        QCOMPARE(view.model()->rowCount(), 12);
        QCOMPARE(runs->runCount(), 2);
        QCOMPARE(runs->runAt(Create).first, int(Create));
        QCOMPARE(runs->runAt(Create).last, int(Topic));
        QCOMPARE(runs->runAt(Welcome).isValid(), false);
        QCOMPARE(runs->runAt(CarolJoins).first, int(AliceJoins));
        QCOMPARE(runs->summaryOf(runs->runAt(Create)), QStringLiteral("Paul created and configured the room"));
        QCOMPARE(runs->summaryOf(runs->runAt(AliceJoins)), QStringLiteral("3 people joined"));

        QCOMPARE(hiddenRows(view), (QList<int>{1, 2, 3, 4, 5, 6, 10, 11}));
        // Folded rows take no room: the first message comes right under the creation's line.
        QCOMPARE(view.visualRect(view.model()->index(Welcome, 0)).top(),
                 view.visualRect(view.model()->index(Create, 0)).bottom() + 1);
        // And what a screen reader gets is what the line says.
        QCOMPARE(accessibleText(view, Create),
                 QStringLiteral("Paul created and configured the room (7 events), collapsed"));
        QCOMPARE(readerText(view, Create), accessibleText(view, Create));
        QCOMPARE(readerText(view, AliceJoins), QStringLiteral("3 people joined (3 events), collapsed"));
        QCOMPARE(readerText(view, Welcome), QStringLiteral("Welcome to Ops"));
        const QStringList problems = AccessibilityAudit::problems(&view);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));

        // The line is painted in the text's colour, where a click toggles it.
        const QImage image = grab(view);
        const QRect line = view.visualRect(view.model()->index(Create, 0));
        QVERIFY(textColoured(image, line, view.palette().color(QPalette::Text)) > 60);
    }

    // The test: "folded state summary expands".
    void clickExpandsAndFolds()
    {
        Room room(QStringLiteral("!r:x"), kMe);
        fillWithCreation(room);
        TimelineView view;
        show(room, view);
        StateRuns *runs = view.stateRuns();
        const int collapsedHeight = view.visualRect(view.model()->index(Create, 0)).height();

        clickSummary(view, Create);
        QVERIFY(runs->runAt(Create).expanded);
        QCOMPARE(hiddenRows(view), (QList<int>{10, 11}));
        // The first row shows the line and its own sentence under it, then the others follow.
        const QRect head = view.visualRect(view.model()->index(Create, 0));
        QVERIFY(head.height() > collapsedHeight);
        QCOMPARE(view.visualRect(view.model()->index(PaulJoins, 0)).top(), head.bottom() + 1);
        QCOMPARE(accessibleText(view, Create),
                 QStringLiteral("Paul created and configured the room (7 events), expanded. Paul created the room"));
        QCOMPARE(readerText(view, PaulJoins), QStringLiteral("Paul joined the room"));
        const QImage image = grab(view);
        const QColor text = view.palette().color(QPalette::Text);
        QVERIFY(textColoured(image, head, text) > 60);
        QCOMPARE(textColoured(image, view.visualRect(view.model()->index(PaulJoins, 0)), text), 0); // muted

        // Its own sentence, under the line, does not fold it; the line does.
        const QPoint own(head.left() + 60, head.bottom() - 6);
        QCOMPARE(view.timelineDelegate()->actionAt(optionFor(view, view.model()->index(Create, 0)),
                                                   view.model()->index(Create, 0), own),
                 TimelineAction::None);
        clickSummary(view, Create);
        QVERIFY(!runs->runAt(Create).expanded);
        QCOMPARE(hiddenRows(view), (QList<int>{1, 2, 3, 4, 5, 6, 10, 11}));
        QCOMPARE(view.visualRect(view.model()->index(Create, 0)).height(), collapsedHeight);
        // Another run is opened on its own.
        clickSummary(view, AliceJoins);
        QCOMPARE(hiddenRows(view), (QList<int>{1, 2, 3, 4, 5, 6}));
    }

    void keyboardExpandsAndFolds()
    {
        Room room(QStringLiteral("!r:x"), kMe);
        fillWithCreation(room);
        TimelineView view;
        show(room, view);
        StateRuns *runs = view.stateRuns();
        view.setFocus();
        view.setCurrentIndex(view.model()->index(AliceJoins, 0));
        QTest::keyClick(&view, Qt::Key_Return);
        QVERIFY(runs->runAt(AliceJoins).expanded);
        QCOMPARE(hiddenRows(view), (QList<int>{1, 2, 3, 4, 5, 6}));
        QTest::keyClick(&view, Qt::Key_Space);
        QVERIFY(!runs->runAt(AliceJoins).expanded);

        // Moving down from the creation's line skips what it folds.
        view.setCurrentIndex(view.model()->index(Create, 0));
        QTest::keyClick(&view, Qt::Key_Down);
        QCOMPARE(view.currentIndex().row(), int(Welcome));

        // Focus on a row that folds away goes to its line.
        view.setCurrentIndex(view.model()->index(Create, 0));
        QTest::keyClick(&view, Qt::Key_Enter);
        view.setCurrentIndex(view.model()->index(Topic, 0));
        runs->setExpanded(Create, false);
        QCOMPARE(view.currentIndex().row(), int(Create));

        // The context menu says what it will do, and does it.
        const auto pickFromMenu = [&](int row) {
            QString offered;
            QTimer::singleShot(0, [&] {
                auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
                QAction *toggle = menu ? menu->findChild<QAction *>(QStringLiteral("toggleStateRunAction")) : nullptr;
                if (!toggle) {
                    if (menu)
                        menu->close();
                    return;
                }
                offered = toggle->text();
                menu->setActiveAction(toggle);
                QTest::keyClick(menu, Qt::Key_Return);
            });
            view.setCurrentIndex(view.model()->index(row, 0));
            QContextMenuEvent event(QContextMenuEvent::Keyboard, QPoint(10, 10), view.mapToGlobal(QPoint(10, 10)));
            QApplication::sendEvent(&view, &event);
            return offered;
        };
        QCOMPARE(pickFromMenu(Create), QStringLiteral("&Show details"));
        QVERIFY(runs->runAt(Create).expanded);
        QCOMPARE(pickFromMenu(Create), QStringLiteral("&Hide details"));
        QVERIFY(!runs->runAt(Create).expanded);
    }

    void newRowsExtendOrBreakRuns()
    {
        Room room(QStringLiteral("!r:x"), kMe);
        fillWithCreation(room);
        TimelineView view;
        show(room, view);
        StateRuns *runs = view.stateRuns();

        // Dan joins yesterday too: the run grows, Dan's row folded into it.
        append(room, {join("$dan", "@dan:x", "Dan", at(1, 3))});
        QCOMPARE(runs->runAt(12).first, int(AliceJoins));
        QCOMPARE(runs->summaryOf(runs->runAt(12)), QStringLiteral("4 people joined"));
        QCOMPARE(accessibleText(view, AliceJoins), QStringLiteral("4 people joined (4 events), collapsed"));
        QVERIFY(view.isRowHidden(12));

        // Erin and Frank join today: a new day, a new run, right after the other.
        append(room, {join("$erin", "@erin:x", "Erin", at(0, 0)), join("$frank", "@frank:x", "Frank", at(0, 1))});
        QCOMPARE(runs->runAt(12).last, 12);
        QCOMPARE(runs->runAt(13).first, 13);
        QCOMPARE(runs->summaryOf(runs->runAt(13)), QStringLiteral("Erin and Frank joined"));
        QCOMPARE(hiddenRows(view), (QList<int>{1, 2, 3, 4, 5, 6, 10, 11, 12, 14}));

        // A message, then two more joins: a run of their own.
        append(room, {message("$hi", "@frank:x", at(0, 2), "hi"), join("$gus", "@gus:x", "Gus", at(0, 3)),
                      join("$hana", "@hana:x", "Hana", at(0, 4))});
        QCOMPARE(runs->runAt(14).last, 14);
        QCOMPARE(runs->runAt(16).first, 16);
        QCOMPARE(runs->runAt(17).first, 16);
        QCOMPARE(runs->summaryOf(runs->runAt(16)), QStringLiteral("Gus and Hana joined"));
        QCOMPARE(runs->runCount(), 4);

        // An open run stays open as it grows.
        runs->setExpanded(16, true);
        append(room, {join("$ian", "@ian:x", "Ian", at(0, 5))});
        QVERIFY(runs->runAt(18).expanded);
        QVERIFY(!view.isRowHidden(18));
        QCOMPARE(accessibleText(view, 16), QStringLiteral("3 people joined (3 events), expanded. Gus joined the room"));
        grab(view);

        // Missed events (a limited sync) leave a gap: runs end at it.
        RoomDelta limited;
        limited.roomId = room.id();
        limited.limited = true;
        limited.prevBatch = QStringLiteral("gap");
        limited.timeline = {join("$jo", "@jo:x", "Jo", at(0, 20)), join("$kim", "@kim:x", "Kim", at(0, 21))};
        room.applyDelta(limited);
        QCOMPARE(view.model()->index(19, 0).data(TimelineModel::ItemKindRole).value<TimelineModel::ItemKind>(),
                 TimelineModel::ItemKind::Gap);
        QCOMPARE(runs->runAt(18).last, 18);
        QCOMPARE(runs->runAt(19).isValid(), false);
        QCOMPARE(runs->runAt(21).first, 20);
        QCOMPARE(runs->summaryOf(runs->runAt(20)), QStringLiteral("Jo and Kim joined"));
    }

    void olderEventsGrowAnOpenRunUpwards()
    {
        Room room(QStringLiteral("!r:x"), kMe);
        RoomDelta delta;
        delta.roomId = room.id();
        delta.prevBatch = QStringLiteral("older");
        delta.timeline = {join("$bob", "@bob:x", "Bob", at(0, 1)), join("$carol", "@carol:x", "Carol", at(0, 2)),
                          message("$hi", "@carol:x", at(0, 3), "hi")};
        room.applyDelta(delta);
        TimelineView view;
        show(room, view);
        StateRuns *runs = view.stateRuns();
        runs->setExpanded(0, true);
        // Scrolling up brings Alice's join, the day's first event: the run's first row now, and it stays open.
        room.timeline()->prependPage({join("$alice", "@alice:x", "Alice", at(0, 0))}, QString());
        QCOMPARE(runs->runAt(0).last, 2);
        QVERIFY(runs->runAt(0).expanded);
        QCOMPARE(hiddenRows(view), QList<int>());
        QCOMPARE(runs->summaryOf(runs->runAt(0)), QStringLiteral("3 people joined"));
        runs->setExpanded(1, false);
        QCOMPARE(hiddenRows(view), (QList<int>{1, 2}));
    }

    void readMarkerEndsARunAndShowsUnderItsLine()
    {
        Room room(QStringLiteral("!r:x"), kMe);
        fillWithCreation(room);
        // We read up to Bob's join: Carol's is new.
        append(room, {}, {Event(QJsonObject{{"type", "m.fully_read"}, {"content", QJsonObject{{"event_id", "$bob"}}}})});
        TimelineView view;
        show(room, view);
        StateRuns *runs = view.stateRuns();
        QCOMPARE(runs->runAt(AliceJoins).last, 10);
        QCOMPARE(runs->runAt(CarolJoins).isValid(), false);
        QCOMPARE(runs->summaryOf(runs->runAt(AliceJoins)), QStringLiteral("Alice and Bob joined"));
        QVERIFY(view.isRowHidden(10));
        QVERIFY(!view.isRowHidden(CarolJoins));
        // The marker is on screen, under the run's line: no "New messages ↑" button for it (looked at again after
        // a scroll and a sync).
        view.verticalScrollBar()->setValue(view.verticalScrollBar()->maximum());
        append(room, {message("$later", "@carol:x", at(0, 0), "hello")});
        QCoreApplication::processEvents();
        QVERIFY(!view.jumpToUnreadButton()->isVisible());

        // The line paints the marker of the row it folds.
        const TimelineFonts fonts = TimelineFonts::from(view.font());
        TextLayoutCache layouts;
        TimelineRow row = TimelineRow::make(view.model()->index(AliceJoins, 0), fonts, view.palette(), 400, &layouts);
        QVERIFY(!row.fullyRead);
        runs->applyTo(row);
        QCOMPARE(row.stateRun.events, 2);
        QVERIFY(row.fullyRead);
        grab(view);
    }

    void aChangeIsLookedAtAroundItself()
    {
        // 10,000 rows: a message, then a run of three joins, again and again.
        Room room(QStringLiteral("!big:x"), kMe);
        QList<Event> events;
        for (int i = 0; i < 2500; ++i) {
            const qint64 ts = at(0, 0) - (2500 - i) * 4000;
            events << message(QStringLiteral("$m%1").arg(i), QStringLiteral("@paul:x"), ts, QStringLiteral("message %1").arg(i));
            for (int j = 0; j < 3; ++j)
                events << join(QStringLiteral("$j%1-%2").arg(i).arg(j), QStringLiteral("@u%1-%2:x").arg(i).arg(j),
                               QStringLiteral("U%1").arg(j), ts + j + 1);
        }
        append(room, events);
        TimelineView view;
        QElapsedTimer timer;
        timer.start();
        view.resize(560, 700);
        view.setRoom(&room);
        const qint64 resetMs = timer.elapsed();
        StateRuns *runs = view.stateRuns();
        QCOMPARE(view.model()->rowCount(), 10000);
        QCOMPARE(runs->runCount(), 2500);

        QSignalSpy changed(runs, &StateRuns::changed);
        timer.restart();
        append(room, {message("$last", "@paul:x", at(0, 1), "the newest")});
        const qint64 appendMs = timer.elapsed();
        QCOMPARE(changed.size(), 1);
        // The new row only: the run above it ends at a message anyway.
        QCOMPARE(changed.at(0).at(0).toInt(), 10000);
        QCOMPARE(changed.at(0).at(1).toInt(), 10000);
        changed.clear();
        append(room, {join("$late", "@late:x", "Late", at(0, 2)), join("$later", "@later:x", "Later", at(0, 3))});
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.at(0).at(0).toInt(), 10001);
        QCOMPARE(changed.at(0).at(1).toInt(), 10002);
        QCOMPARE(runs->runCount(), 2501);
        QVERIFY(view.isRowHidden(10002));
        qInfo() << "10,000 rows: runs found in a reset" << resetMs << "ms (with the model's reset), one more message"
                << appendMs << "ms";
    }
};

QTEST_MAIN(TestStateRuns)
#include "test_state_runs.moc"
