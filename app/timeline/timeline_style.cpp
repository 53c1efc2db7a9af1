#include "timeline/timeline_style.h"

namespace estafette {

TimelineFonts TimelineFonts::from(const QFont &base)
{
    TimelineFonts f{base, base, base, base, base, base};
    f.name.setBold(true);
    f.placeholder.setItalic(true);
    f.small.setPointSizeF(base.pointSizeF() * 0.85);
    f.state = f.small;
    f.state.setItalic(true);
    f.emote.setItalic(true);
    return f;
}

QColor TimelineStyle::senderColor(const QString &userId)
{
    static const QColor colors[] = {{0x00, 0x00, 0x91}, {0x8d, 0x24, 0x27}, {0x18, 0x75, 0x3c},
                                    {0x6e, 0x44, 0x5a}, {0x71, 0x5a, 0x00}, {0x00, 0x63, 0xcb},
                                    {0x6a, 0x6a, 0xf4}, {0x95, 0x1c, 0x4a}};
    uint hash = 0;
    for (QChar c : userId)
        hash = hash * 31 + c.unicode();
    return colors[hash % (sizeof(colors) / sizeof(colors[0]))];
}

} // namespace estafette
