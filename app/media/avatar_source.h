#pragma once

#include <QImage>
#include <QObject>
#include <QString>

namespace estafette {

// Where the room list, the room header and the timeline get avatars (rooms' and members'): the picture of an
// mxc:// URL, square and ready to be painted in a circle, or a null image while it is not there (or never will
// be): then the initials are painted. Asking for one that is not known yet starts fetching it; avatarReady()
// says when it came, so the views repaint. One that failed is not asked for again.
class AvatarSource : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    virtual QImage avatar(const QString &mxcUri) = 0;

signals:
    void avatarReady(const QString &mxcUri);
};

} // namespace estafette
