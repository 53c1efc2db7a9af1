#pragma once

#include "timeline/timeline_action.h"
#include "timeline/timeline_delegate.h"
#include "timeline/timeline_view.h"

#include <QPoint>
#include <QRect>
#include <QStyleOptionViewItem>

namespace estafette::test {

// The style option the view gives the delegate for `index`.
inline QStyleOptionViewItem optionFor(TimelineView &view, const QModelIndex &index)
{
    QStyleOptionViewItem option;
    option.initFrom(&view);
    option.rect = view.visualRect(index);
    return option;
}

// The centre of the points of `row` where a click asks for `action` (null when there are none), in the
// viewport's coordinates: what a person aims at.
inline QPoint pointFor(TimelineView &view, int row, TimelineAction action)
{
    const QModelIndex index = view.model()->index(row, 0);
    const QStyleOptionViewItem option = optionFor(view, index);
    QRect found;
    for (int y = option.rect.top(); y <= option.rect.bottom(); y += 3) {
        for (int x = option.rect.left(); x <= option.rect.right(); x += 3) {
            if (view.timelineDelegate()->actionAt(option, index, QPoint(x, y)) == action)
                found |= QRect(x, y, 1, 1);
        }
    }
    return found.isNull() ? QPoint() : found.center();
}

} // namespace estafette::test
