#include "timeline/message_menu.h"

#include <QAction>
#include <QMenu>

namespace estafette {

namespace {

const char *kChoice = "estafetteChoice";
const char *kKey = "estafetteKey";
const char *kLeading = "estafetteLeading";

QAction *add(QMenu *menu, const QString &text, const char *objectName, MessageMenu::Choice choice,
             const QString &key = {})
{
    QAction *action = menu->addAction(text);
    action->setObjectName(QLatin1String(objectName));
    action->setProperty(kChoice, int(choice));
    if (!key.isEmpty())
        action->setProperty(kKey, key);
    return action;
}

} // namespace

QMenu *MessageMenu::build(QWidget *parent, const Offer &offer)
{
    auto *menu = new QMenu(parent);
    menu->setObjectName(QStringLiteral("messageMenu"));
    for (qsizetype i = 0; i < offer.leading.size(); ++i) {
        QAction *action = add(menu, offer.leading.at(i).text, "", Choice::Leading);
        action->setObjectName(offer.leading.at(i).objectName);
        action->setProperty(kLeading, int(i));
    }
    if (!offer.leading.isEmpty())
        menu->addSeparator();
    if (offer.canReact) {
        QMenu *react = menu->addMenu(tr("Re&act"));
        react->setObjectName(QStringLiteral("reactMenu"));
        react->menuAction()->setObjectName(QStringLiteral("reactAction"));
        for (const QString &key : offer.quickReactions)
            add(react, key, "quickReaction", Choice::React, key);
        react->addSeparator();
        add(react, tr("&Other reaction…"), "otherReactionAction", Choice::OtherReaction);
    }
    if (offer.canReply)
        add(menu, tr("&Reply"), "replyAction", Choice::Reply);
    if (offer.canEdit)
        add(menu, tr("&Edit"), "editAction", Choice::Edit);
    if (offer.canRedact)
        add(menu, tr("&Delete…"), "redactAction", Choice::Delete);
    menu->addSeparator();
    add(menu, tr("&Copy text"), "copyTextAction", Choice::CopyText);
    if (!offer.link.isEmpty())
        add(menu, tr("Copy &link address"), "copyLinkAction", Choice::CopyLink);
    if (offer.canReply) // has an event id: it can be linked to
        add(menu, tr("Copy link to this &message"), "copyPermalinkAction", Choice::CopyPermalink);
    if (offer.edited)
        add(menu, tr("Edit &history…"), "editHistoryAction", Choice::EditHistory);
    if (!offer.senderName.isEmpty()) {
        menu->addSeparator();
        add(menu, tr("&Devices of %1…").arg(offer.senderName), "senderDevicesAction", Choice::Devices);
    }
    return menu;
}

MessageMenu::Result MessageMenu::resultOf(const QAction *action)
{
    if (!action || !action->property(kChoice).isValid())
        return {};
    const QVariant leading = action->property(kLeading);
    return Result{Choice(action->property(kChoice).toInt()), action->property(kKey).toString(),
                  leading.isValid() ? leading.toInt() : -1};
}

MessageMenu::Result MessageMenu::exec(QWidget *parent, const Offer &offer, const QPoint &globalPos)
{
    QMenu *menu = build(parent, offer);
    const Result result = resultOf(menu->exec(globalPos));
    delete menu;
    return result;
}

} // namespace estafette
