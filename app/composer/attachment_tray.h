#pragma once

#include "media/attachment_source.h"

#include <QImage>
#include <QList>
#include <QWidget>

class QHBoxLayout;
class QLabel;
class QScrollArea;

namespace estafette {

class AttachmentTrayItem;

// The strip above the composer with what will be sent when the person confirms: one item per file or pasted
// image, in the order added, scrolling sideways when there are many. Hidden while empty. A file already in the
// tray is not added twice.
class AttachmentTray : public QWidget {
    Q_OBJECT
public:
    explicit AttachmentTray(QWidget *parent = nullptr);

    void addFiles(const QStringList &paths);
    void addPng(const QByteArray &png, const QString &fileName);
    void addImage(const QImage &image, const QString &fileName); // encoded as PNG on a worker thread
    void addSources(const QList<AttachmentSource> &sources);     // as given back by sources()
    void noteSkippedFolders(int folders);                        // a sentence until the next change

    int count() const { return m_items.size(); }
    bool isEmpty() const { return m_items.isEmpty(); }
    AttachmentTrayItem *item(int index) const { return m_items.value(index); }
    QList<AttachmentSource> sources() const; // see AttachmentTrayItem::source()
    void clear();
    void remove(AttachmentTrayItem *item);

signals:
    void countChanged(int count);
    void emptiedByPerson(); // the last item was removed with its button: the composer takes the focus back

private:
    void add(AttachmentTrayItem *item);
    void updateHeader();

    QList<AttachmentTrayItem *> m_items;
    QLabel *m_header;
    QLabel *m_notice;
    QScrollArea *m_scroll;
    QWidget *m_strip;
    QHBoxLayout *m_stripLayout;
};

} // namespace estafette
