#pragma once

#include <QList>
#include <QCoreApplication>
#include <QModelIndex>
#include <QString>
#include <QStringList>

class QMenu;
class QWidget;

namespace estafette {

// The context menu of a message (also reached with the keyboard): a row of quick reactions and "Other
// reaction…", Reply, Edit, Delete…, Copy text, Copy link (when on one), Copy message link (matrix.to), Edit
// history (an edited message), and the sender's devices. What is offered depends on the message and on what we
// may do in the room.
class MessageMenu {
    Q_DECLARE_TR_FUNCTIONS(MessageMenu)
public:
    enum class Choice {
        None, React, OtherReaction, Reply, Edit, Delete, CopyText, CopyLink, CopyPermalink, EditHistory, Devices,
        Leading, // one of Offer::leading (a media row's open, save, play…): Result::leading says which
    };
    struct LeadingAction {
        QString text;
        QString objectName;
    };
    struct Offer {
        bool canReact = false;
        bool canReply = false;
        bool canEdit = false;
        bool canRedact = false;
        bool edited = false;
        QString link;          // the link under the pointer, empty when none
        QString senderName;
        QList<LeadingAction> leading; // first in the menu (what the parts of a media row do)
        QStringList quickReactions;   // FrequentReactions::quick()
    };
    struct Result {
        Choice choice = Choice::None;
        QString key;           // React: the emoji
        int leading = -1;      // Leading: its index in Offer::leading
    };

    static Result exec(QWidget *parent, const Offer &offer, const QPoint &globalPos);
    // Built but not shown (for tests and accessibility checks): the menu and what each of its actions means.
    static QMenu *build(QWidget *parent, const Offer &offer);
    static Result resultOf(const QAction *action);
};

} // namespace estafette
