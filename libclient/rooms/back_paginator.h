#pragma once

#include "net/matrix_error.h"
#include "sync/sync_delta.h"

#include <QObject>
#include <QSet>
#include <QString>

namespace estafette {

class HistorySource;
class Room;
class RoomApi;

// Loads older messages with /messages (dir=b): from the top of a room's timeline, or into a gap left by a
// limited sync. One request per room at a time; results are parsed and applied to the Room.
class BackPaginator : public QObject {
    Q_OBJECT
public:
    explicit BackPaginator(RoomApi *api, QObject *parent = nullptr);
    // Local history (the store) is read first when the room's top token is one of its tokens.
    void setHistorySource(HistorySource *source) { m_history = source; }

    // No-op when already loading for this room or the room's beginning is reached.
    void loadOlder(Room *room, int limit = 30);
    void fillGap(Room *room, int gapRow, int limit = 30);
    bool isLoading(const QString &roomId) const { return m_loading.contains(roomId); }

signals:
    void loaded(const QString &roomId, int eventCount);
    void failed(const QString &roomId, const estafette::MatrixError &error);

private:
    void request(Room *room, const QString &from, int limit, bool intoGap);
    void applyPage(Room *room, const QString &from, bool intoGap, const MessagesPage &page);
    RoomApi *m_api;
    HistorySource *m_history = nullptr;
    QSet<QString> m_loading;
};

} // namespace estafette
