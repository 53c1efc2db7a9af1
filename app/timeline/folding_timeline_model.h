#pragma once

#include "models/timeline_model.h"

#include <QPointer>

namespace estafette {

class StateRuns;

// The timeline model as the timeline view shows it, for screen readers: the first row of a run of state changes
// reads as its summary line, and whether it is collapsed or expanded ("Paul created and configured the room
// (7 events), collapsed"), then, open, as its own sentence too, which is what is painted there. Qt's item view
// accessibility asks the view's model (Qt::AccessibleTextRole), so this is where it can be said. Rows, and every
// other role, are the TimelineModel's.
class FoldingTimelineModel : public TimelineModel {
    Q_OBJECT
public:
    explicit FoldingTimelineModel(QObject *parent = nullptr);
    // Not owned; nullptr: rows read as the TimelineModel says them.
    void setStateRuns(StateRuns *runs);

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    QPointer<StateRuns> m_runs;
};

} // namespace estafette
