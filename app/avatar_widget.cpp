#include "avatar_widget.h"

#include "avatar_painter.h"
#include "media/avatar_source.h"

#include <QPainter>

namespace estafette {

AvatarWidget::AvatarWidget(int side, QWidget *parent)
    : QWidget(parent), m_side(side)
{
    setFixedSize(side, side);
    setFocusPolicy(Qt::NoFocus);
}

void AvatarWidget::setAvatarSource(AvatarSource *source)
{
    if (m_source)
        disconnect(m_source, nullptr, this, nullptr);
    m_source = source;
    if (source) {
        connect(source, &AvatarSource::avatarReady, this, [this](const QString &mxcUri) {
            if (mxcUri == m_mxcUri)
                update();
        });
    }
    update();
}

void AvatarWidget::setAvatar(const QString &mxcUri, const QString &name, const QString &id)
{
    if (mxcUri == m_mxcUri && name == m_name && id == m_id)
        return;
    m_mxcUri = mxcUri;
    m_name = name;
    m_id = id;
    update();
}

bool AvatarWidget::showsPicture() const
{
    return m_source && !m_mxcUri.isEmpty() && !m_source->avatar(m_mxcUri).isNull();
}

QSize AvatarWidget::sizeHint() const
{
    return {m_side, m_side};
}

void AvatarWidget::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    const QImage picture = m_source && !m_mxcUri.isEmpty() ? m_source->avatar(m_mxcUri) : QImage();
    AvatarPainter::paint(&painter, QRectF(rect()), picture, m_name, AvatarPainter::colorFor(m_id), font());
}

} // namespace estafette
