#include "timeline/folding_timeline_model.h"

#include "timeline/state_runs.h"

namespace estafette {

FoldingTimelineModel::FoldingTimelineModel(QObject *parent) : TimelineModel(parent) {}

void FoldingTimelineModel::setStateRuns(StateRuns *runs)
{
    if (m_runs)
        m_runs->disconnect(this);
    m_runs = runs;
    if (!runs)
        return;
    // A run's line opened, closed or said something new: the row's text changed, which the view tells assistive
    // technologies (and measures the row again).
    connect(runs, &StateRuns::changed, this, [this](int first, int) {
        if (first < 0 || first >= rowCount() || !m_runs->isHead(first))
            return;
        const QModelIndex changed = index(first);
        emit dataChanged(changed, changed, {Qt::AccessibleTextRole});
    });
}

QVariant FoldingTimelineModel::data(const QModelIndex &index, int role) const
{
    if (role != Qt::AccessibleTextRole || !m_runs || !index.isValid())
        return TimelineModel::data(index, role);
    const StateRuns::Run run = m_runs->runAt(index.row());
    if (run.first != index.row())
        return TimelineModel::data(index, role);
    const QString line = m_runs->summaryOf(run) + QLatin1Char(' ') + StateRuns::countText(run.size());
    if (!run.expanded)
        return tr("%1, collapsed").arg(line);
    return tr("%1, expanded. %2").arg(line, TimelineModel::data(index, role).toString());
}

} // namespace estafette
