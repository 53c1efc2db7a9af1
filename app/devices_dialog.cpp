#include "devices_dialog.h"

#include "fingerprint.h"
#include "crypto/crypto_store.h"
#include "rooms/room.h"
#include "session/crypto_session.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace estafette {

namespace {
enum Column { NameColumn, IdColumn, FingerprintColumn };
}

DevicesDialog::DevicesDialog(CryptoSession *crypto, Room *room, const QString &userId, QWidget *parent)
    : QDialog(parent)
    , m_crypto(crypto)
    , m_room(room)
    , m_members(new QComboBox(this))
    , m_status(new QLabel(this))
    , m_devices(new QTreeWidget(this))
{
    setObjectName(QStringLiteral("devicesDialog"));
    setWindowTitle(room ? tr("Devices — %1").arg(room->displayName()) : tr("Devices"));
    auto *intro = new QLabel(tr("Each device of a person has its own fingerprint. To be sure nobody else reads "
                                "the conversation, compare it with the one the person sees in their app "
                                "(in person or by phone)."),
                             this);
    intro->setWordWrap(true);
    m_members->setObjectName(QStringLiteral("memberCombo"));
    m_members->setAccessibleName(tr("Member"));
    m_status->setObjectName(QStringLiteral("devicesStatus"));
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);
    m_devices->setObjectName(QStringLiteral("deviceList"));
    m_devices->setAccessibleName(tr("Devices"));
    m_devices->setRootIsDecorated(false);
    m_devices->setSelectionMode(QAbstractItemView::SingleSelection);
    m_devices->setHeaderLabels({tr("Name"), tr("Device ID"), tr("Fingerprint (Ed25519)")});
    m_devices->header()->setStretchLastSection(true);
    m_devices->header()->setSectionResizeMode(NameColumn, QHeaderView::ResizeToContents);
    m_devices->header()->setSectionResizeMode(IdColumn, QHeaderView::ResizeToContents);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->button(QDialogButtonBox::Close)->setObjectName(QStringLiteral("closeButton"));
    auto *form = new QFormLayout;
    form->addRow(tr("&Member"), m_members);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_status);
    layout->addWidget(m_devices, 1);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_members, &QComboBox::currentIndexChanged, this, &DevicesDialog::lookUp);
    resize(860, 420);

    fillMembers(userId);
    lookUp();
}

QString DevicesDialog::nameOf(const QString &userId) const
{
    return m_room ? m_room->memberName(userId) : userId;
}

QString DevicesDialog::userId() const
{
    return m_members->currentData().toString();
}

void DevicesDialog::showUser(const QString &userId)
{
    const int index = m_members->findData(userId);
    if (index >= 0)
        m_members->setCurrentIndex(index);
}

void DevicesDialog::fillMembers(const QString &selected)
{
    struct Entry {
        QString userId, label;
    };
    QList<Entry> entries;
    if (m_room) {
        QList<MemberInfo> members = m_room->state().members(QStringLiteral("join"));
        members += m_room->state().members(QStringLiteral("invite"));
        for (const MemberInfo &member : members) {
            QString label = m_room->memberName(member.userId);
            if (label != member.userId)
                label = tr("%1 (%2)").arg(label, member.userId);
            if (member.userId == m_room->ownUserId())
                label = tr("%1 — you").arg(label);
            entries.append({member.userId, label});
        }
    }
    if (!selected.isEmpty() && std::none_of(entries.begin(), entries.end(),
                                            [&](const Entry &e) { return e.userId == selected; }))
        entries.append({selected, selected});
    std::sort(entries.begin(), entries.end(), [](const Entry &a, const Entry &b) {
        return QString::localeAwareCompare(a.label, b.label) < 0;
    });
    const QSignalBlocker blocker(m_members);
    m_members->clear();
    for (const Entry &entry : entries)
        m_members->addItem(entry.label, entry.userId);
    // The person asked about; else, in a room, someone other than us.
    int index = m_members->findData(selected);
    if (index < 0 && m_room) {
        for (int i = 0; i < m_members->count() && index < 0; ++i)
            if (m_members->itemData(i).toString() != m_room->ownUserId())
                index = i;
    }
    m_members->setCurrentIndex(std::max(0, index));
}

void DevicesDialog::lookUp()
{
    m_devices->clear();
    const QString user = userId();
    const int request = ++m_request;
    if (!m_crypto) {
        m_status->setText(tr("End-to-end encryption is not available for this account, so its devices are not "
                             "tracked."));
        m_members->setEnabled(false);
        return;
    }
    if (user.isEmpty()) {
        m_status->setText(tr("This room has no members to show."));
        return;
    }
    m_status->setText(tr("Looking up the devices of %1…").arg(nameOf(user)));
    QPointer<DevicesDialog> self(this);
    m_crypto->devices(user, [self, request, user](const QList<StoredDevice> &devices) {
        if (self && request == self->m_request)
            self->showDevices(user, devices);
    });
}

void DevicesDialog::showDevices(const QString &userId, const QList<StoredDevice> &devices)
{
    m_devices->clear();
    const QString who = nameOf(userId);
    if (devices.isEmpty()) {
        m_status->setText(tr("The devices of %1 are not known yet: %1 may not have used an app with end-to-end "
                             "encryption so far. Try again later.")
                              .arg(who));
        return;
    }
    m_status->setText(tr("%n device(s) known for %1.", nullptr, int(devices.size())).arg(nameOf(userId)));
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    const QString ownDevice = m_crypto ? m_crypto->deviceId() : QString();
    const bool self = m_room && userId == m_room->ownUserId();
    for (const StoredDevice &device : devices) {
        auto *item = new QTreeWidgetItem(m_devices);
        QString name = device.displayName.isEmpty() ? tr("(no name)") : device.displayName;
        if (self && device.deviceId == ownDevice)
            name = tr("%1 — this device").arg(name);
        item->setText(NameColumn, name);
        item->setText(IdColumn, device.deviceId);
        item->setText(FingerprintColumn, Fingerprint::grouped(device.ed25519));
        item->setFont(IdColumn, fixed);
        item->setFont(FingerprintColumn, fixed);
        item->setToolTip(FingerprintColumn, tr("Ed25519 fingerprint of device %1").arg(device.deviceId));
    }
}

} // namespace estafette
