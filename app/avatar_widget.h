#pragma once

#include <QPointer>
#include <QWidget>

namespace estafette {

class AvatarSource;

// A room's or a person's avatar as a widget (the room header): a circle of a fixed size, their picture when the
// AvatarSource has it, else their initial. Decorative: it takes no focus and says nothing to a screen reader
// (the name beside it does).
class AvatarWidget : public QWidget {
    Q_OBJECT
public:
    explicit AvatarWidget(int side, QWidget *parent = nullptr);

    // Not owned; nullptr: initials only.
    void setAvatarSource(AvatarSource *source);
    // `mxcUri` may be empty (no avatar); `id` chooses the initial's colour.
    void setAvatar(const QString &mxcUri, const QString &name, const QString &id);
    QString mxcUri() const { return m_mxcUri; }
    // Whether the picture (not the initial) is what is shown now.
    bool showsPicture() const;

    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    int m_side;
    QPointer<AvatarSource> m_source;
    QString m_mxcUri;
    QString m_name;
    QString m_id;
};

} // namespace estafette
