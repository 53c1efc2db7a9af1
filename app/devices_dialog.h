#pragma once

#include <QDialog>
#include <QPointer>

class QComboBox;
class QLabel;
class QTreeWidget;

namespace estafette {

class CryptoSession;
class Room;
struct StoredDevice;

// Rooms > Devices of a member… (or a message's context menu): the room's members to pick from, and the
// chosen one's devices as end-to-end encryption knows them: name, device id and Ed25519 fingerprint in
// groups of four, to compare with what the person sees on their side.
class DevicesDialog : public QDialog {
    Q_OBJECT
public:
    // `crypto` may be null (no end-to-end encryption for this account): the dialog says so.
    DevicesDialog(CryptoSession *crypto, Room *room, const QString &userId, QWidget *parent = nullptr);

    QString userId() const;
    void showUser(const QString &userId);
    QTreeWidget *deviceList() const { return m_devices; }

private:
    QString nameOf(const QString &userId) const;
    void fillMembers(const QString &selected);
    void lookUp();
    void showDevices(const QString &userId, const QList<StoredDevice> &devices);

    QPointer<CryptoSession> m_crypto;
    QPointer<Room> m_room;
    QComboBox *m_members;
    QLabel *m_status;
    QTreeWidget *m_devices;
    int m_request = 0; // answers to older look-ups are ignored
};

} // namespace estafette
