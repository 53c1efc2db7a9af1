#include "encryption_badge.h"

#include "lock_icon.h"

#include <QPainter>

#include <algorithm>

namespace estafette {

namespace {
const QColor kEncryptedColor(0x18, 0x75, 0x3c); // the green of "Connected"
}

EncryptionBadge::EncryptionBadge(QWidget *parent)
    : QLabel(parent)
{
    setObjectName(QStringLiteral("roomHeaderEncryption"));
    setTextFormat(Qt::PlainText);
    setFocusPolicy(Qt::TabFocus); // reachable from the keyboard, so a screen reader can announce it
    setIndent(iconHeight() + 6);
    setEncrypted(false);
}

int EncryptionBadge::iconHeight() const
{
    return std::max(10, fontMetrics().ascent());
}

void EncryptionBadge::setEncrypted(bool encrypted)
{
    m_encrypted = encrypted;
    QPalette pal = palette();
    if (encrypted) {
        setText(tr("End-to-end encrypted"));
        setAccessibleName(tr("End-to-end encrypted"));
        setToolTip(tr("End-to-end encrypted: only the devices of this room's members can read its messages, "
                      "not the server."));
        pal.setColor(QPalette::WindowText, kEncryptedColor);
    } else {
        setText(tr("Not encrypted"));
        setAccessibleName(tr("Not encrypted"));
        setToolTip(tr("Not encrypted: the server can read the messages of this room. You can enable end-to-end "
                      "encryption from the Rooms menu."));
        pal.setColor(QPalette::WindowText, pal.color(QPalette::PlaceholderText));
    }
    setPalette(pal);
    update();
}

void EncryptionBadge::paintEvent(QPaintEvent *event)
{
    QLabel::paintEvent(event);
    QPainter painter(this);
    const int h = iconHeight();
    const QRect rect(contentsMargins().left() + 1, (height() - h) / 2, (h * 4 + 4) / 5, h);
    LockIcon::paint(&painter, rect, palette().color(QPalette::WindowText),
                    m_encrypted ? LockIcon::Shape::Closed : LockIcon::Shape::Open);
    if (hasFocus()) {
        painter.setPen(QPen(palette().color(QPalette::Highlight), 1, Qt::DotLine));
        painter.drawRect(QRect(0, 0, width(), height()).adjusted(0, 0, -1, -1));
    }
}

} // namespace estafette
