// Selecting a message's text with the mouse, offscreen and without a server: a drag over a plain or a formatted
// message selects part of it (painted, the rest of the row untouched), Ctrl+C copies the selection (or the whole
// message without one), a press elsewhere clears it, and a click on a link is not a selection.
#include "models/timeline_model.h"
#include "rooms/room.h"
#include "timeline/frequent_reactions.h"
#include "timeline/timeline_delegate.h"
#include "timeline/timeline_view.h"
#include "timeline_points.h"

#include <QApplication>
#include <QClipboard>
#include <QJsonArray>
#include <QMenu>
#include <QSettings>
#include <QTemporaryDir>
#include <QSignalSpy>
#include <QTimer>
#include <QJsonDocument>
#include <QTest>

using namespace estafette;
using namespace estafette::test;

namespace {

RoomDelta delta(const QJsonArray &events)
{
    const QJsonObject room{{"timeline", QJsonObject{{"events", events}, {"limited", false}, {"prev_batch", "t"}}}};
    const QJsonObject body{{"next_batch", "n"}, {"rooms", QJsonObject{{"join", QJsonObject{{"!r:x", room}}}}}};
    return parseSyncResponse(QJsonDocument(body).toJson()).delta.rooms.first();
}

QJsonObject message(const QString &id, const QJsonObject &content)
{
    return {{"type", "m.room.message"}, {"event_id", id}, {"sender", "@bob:x"}, {"origin_server_ts", 1000}, {"content", content}};
}

// The leftmost and rightmost points of the row where the delegate finds text positions `from` and `to`.
QPoint pointAtPosition(TimelineView &view, int row, int position)
{
    const QModelIndex index = view.model()->index(row, 0);
    const QStyleOptionViewItem option = optionFor(view, index);
    TimelineDelegate *delegate = view.timelineDelegate();
    for (int y = option.rect.top(); y <= option.rect.bottom(); ++y) {
        // Only lines of text: there, the position changes along the line.
        if (delegate->textPositionAt(option, index, QPoint(option.rect.left(), y))
            == delegate->textPositionAt(option, index, QPoint(option.rect.right(), y)))
            continue;
        for (int x = option.rect.left() + 1; x <= option.rect.right(); ++x) {
            if (view.timelineDelegate()->textPositionAt(option, index, QPoint(x, y)) == position
                && view.timelineDelegate()->actionAt(option, index, QPoint(x, y)) == TimelineAction::None)
                return {x, y};
        }
    }
    return {};
}

void drag(TimelineView &view, const QPoint &from, const QPoint &to)
{
    QTest::mousePress(view.viewport(), Qt::LeftButton, Qt::NoModifier, from);
    QMouseEvent move(QEvent::MouseMove, QPointF(to), view.viewport()->mapToGlobal(QPointF(to)), Qt::NoButton,
                     Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(view.viewport(), &move);
    QTest::mouseRelease(view.viewport(), Qt::LeftButton, Qt::NoModifier, to);
}

} // namespace

class TestTextSelection : public QObject {
    Q_OBJECT
private slots:
    void dragSelectsAndCtrlCCopies()
    {
        Room room(QStringLiteral("!r:x"), QStringLiteral("@me:x"));
        room.applyDelta(delta(QJsonArray{
            message("$plain", {{"msgtype", "m.text"}, {"body", "Bonjour tout le monde"}}),
            message("$rich", {{"msgtype", "m.text"}, {"body", "Le **rapport** est prêt"},
                              {"format", "org.matrix.custom.html"},
                              {"formatted_body", "Le <strong>rapport</strong> est <a href=\"https://example.org\">prêt</a>"}}),
        }));
        TimelineView view;
        view.resize(500, 400);
        view.setRoom(&room);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QCoreApplication::processEvents();

        // Plain: "Bonjour" (positions 0 to 7).
        const QPoint start = pointAtPosition(view, 0, 0);
        const QPoint end = pointAtPosition(view, 0, 7);
        QVERIFY(!start.isNull() && !end.isNull());
        drag(view, start, end);
        QCOMPARE(view.selectedText(), QStringLiteral("Bonjour"));
        view.setFocus();
        QGuiApplication::clipboard()->clear();
        QTest::keySequence(&view, QKeySequence::Copy);
        QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("Bonjour"));

        // Formatted: "rapport" inside the bold (3 to 10), copied as plain text.
        const QPoint richStart = pointAtPosition(view, 1, 3);
        const QPoint richEnd = pointAtPosition(view, 1, 10);
        QVERIFY(!richStart.isNull() && !richEnd.isNull());
        drag(view, richStart, richEnd);
        QCOMPARE(view.selectedText(), QStringLiteral("rapport"));

        // A press outside any text clears it; Ctrl+C then copies the current message whole.
        const QRect firstRow = view.visualRect(view.model()->index(0, 0));
        QTest::mouseClick(view.viewport(), Qt::LeftButton, Qt::NoModifier, QPoint(firstRow.right() - 2, firstRow.center().y()));
        QVERIFY(view.selectedText().isEmpty());
        view.setCurrentIndex(view.model()->index(0, 0));
        QTest::keySequence(&view, QKeySequence::Copy);
        QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("Bonjour tout le monde"));

        // A click on the link is a link, not a selection.
        const QPoint link = pointFor(view, 1, TimelineAction::OpenLink);
        QVERIFY(!link.isNull());
        QSignalSpy links(&view, &TimelineView::linkActivated);
        QTest::mouseClick(view.viewport(), Qt::LeftButton, Qt::NoModifier, link);
        QCOMPARE(links.size(), 1);
        QCOMPARE(links.first().at(0).toString(), QStringLiteral("https://example.org"));
        QCOMPARE(links.first().at(1).toString(), QStringLiteral("prêt"));
        QVERIFY(view.selectedText().isEmpty());
    }

    // The buttons a message shows under the pointer: reply, react (quick reactions), its menu.
    void hoverButtons()
    {
        Room room(QStringLiteral("!r:x"), QStringLiteral("@me:x"));
        room.applyDelta(delta(QJsonArray{message("$m", {{"msgtype", "m.text"}, {"body", "Réunion à 10 h"}})}));
        TimelineView view;
        view.resize(500, 300);
        view.setRoom(&room);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const QPoint reply = pointFor(view, 0, TimelineAction::HoverReply);
        const QPoint react = pointFor(view, 0, TimelineAction::HoverReact);
        QVERIFY(!reply.isNull() && !react.isNull());
        QVERIFY(react.x() < reply.x()); // react, reply, menu from left to right, at the row's top right
        QSignalSpy replies(&view, &TimelineView::replyRequested);
        QTest::mouseClick(view.viewport(), Qt::LeftButton, Qt::NoModifier, reply);
        QCOMPARE(replies.size(), 1);
        QCOMPARE(replies.first().first().toInt(), 0);
        QVERIFY(view.selectedText().isEmpty()); // a button, not a selection
        QSignalSpy reactions(&view, &TimelineView::reactionToggled);
        QTimer::singleShot(0, [] {
            auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
            QVERIFY(menu);
            QCOMPARE(menu->objectName(), QStringLiteral("quickReactionsMenu"));
            menu->setActiveAction(menu->actions().first());
            QTest::keyClick(menu, Qt::Key_Return);
        });
        QTest::mouseClick(view.viewport(), Qt::LeftButton, Qt::NoModifier, react);
        QTRY_COMPARE(reactions.size(), 1);
        QCOMPARE(reactions.first().at(1).toString(), QStringLiteral("👍"));
    }

    // The quick reactions are this person's most used ones, kept in the settings, then the defaults.
    void frequentReactionsComeFirst()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("settings.ini");
        {
            QSettings settings(path, QSettings::IniFormat);
            FrequentReactions frequent(&settings);
            QCOMPARE(frequent.quick(), FrequentReactions::defaults());
            frequent.used("🚀");
            frequent.used("🚀");
            frequent.used("🙏");
            frequent.used("👍");
        }
        QSettings settings(path, QSettings::IniFormat);
        const QStringList quick = FrequentReactions(&settings).quick();
        QCOMPARE(quick.size(), FrequentReactions::kShown);
        QCOMPARE(quick.mid(0, 3), QStringList({"🚀", "👍", "🙏"})); // by use, then by key
        QCOMPARE(quick.mid(3), QStringList({"✅", "😀", "🎉"}));   // then the defaults not already there
    }
};

QTEST_MAIN(TestTextSelection)
#include "test_text_selection.moc"
