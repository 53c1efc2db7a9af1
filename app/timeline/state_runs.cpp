#include "timeline/state_runs.h"

#include "events/state_summary.h"
#include "models/timeline_model.h"
#include "rooms/room.h"
#include "rooms/timeline.h"
#include "timeline/timeline_row.h"

#include <algorithm>

namespace estafette {

StateRuns::StateRuns(TimelineModel *model, QObject *parent) : QObject(parent), m_model(model)
{
    connect(model, &QAbstractItemModel::modelReset, this, &StateRuns::rebuild);
    connect(model, &QAbstractItemModel::layoutChanged, this, &StateRuns::rebuild);
    connect(model, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &, int first, int last) { onRowsInserted(first, last); });
    connect(model, &QAbstractItemModel::rowsRemoved, this,
            [this](const QModelIndex &, int first, int last) { onRowsRemoved(first, last); });
    connect(model, &QAbstractItemModel::dataChanged, this, &StateRuns::onDataChanged);
    rebuild();
}

qsizetype StateRuns::entryIndex(int row) const
{
    // The first run that ends at or after `row`; it holds `row` when it also starts at or before it.
    const auto it = std::lower_bound(m_runs.cbegin(), m_runs.cend(), row,
                                     [](const Entry &entry, int r) { return entry.last < r; });
    if (it == m_runs.cend() || it->first > row)
        return -1;
    return it - m_runs.cbegin();
}

StateRuns::Run StateRuns::runAt(int row) const
{
    const qsizetype i = entryIndex(row);
    if (i < 0)
        return {};
    const Entry &entry = m_runs.at(i);
    return {entry.first, entry.last, entry.expanded};
}

bool StateRuns::isFolded(int row) const
{
    const Run run = runAt(row);
    return run.isValid() && !run.expanded && row > run.first;
}

int StateRuns::shownRow(int row) const
{
    return isFolded(row) ? runAt(row).first : row;
}

QString StateRuns::countText(int events)
{
    return tr("(%n events)", nullptr, events);
}

QString StateRuns::summaryOf(const Run &run) const
{
    const qsizetype i = entryIndex(run.first);
    Room *room = m_model->room();
    if (i < 0 || !room)
        return {};
    const Entry &entry = m_runs.at(i);
    if (entry.last >= room->timeline()->size())
        return {}; // asked in the middle of a change, before the runs followed it
    if (entry.summary.isEmpty()) {
        QList<Event> events;
        events.reserve(entry.last - entry.first + 1);
        for (int row = entry.first; row <= entry.last; ++row)
            events << room->timeline()->at(row).event;
        entry.summary = summarizeStateRun(events, [this](const QString &id) { return m_model->displayNameOf(id); });
    }
    return entry.summary;
}

bool StateRuns::joinable(int row) const
{
    if (row < 0 || row + 1 >= m_model->rowCount())
        return false;
    const QModelIndex here = m_model->index(row);
    const QModelIndex next = m_model->index(row + 1);
    using Kind = TimelineModel::ItemKind;
    if (TimelineRow::kindOf(here) != Kind::StateChange || TimelineRow::kindOf(next) != Kind::StateChange)
        return false;
    if (here.data(TimelineModel::IsFullyReadRole).toBool())
        return false;
    const QDateTime a = TimelineRow::timeOf(here);
    const QDateTime b = TimelineRow::timeOf(next);
    return a.isValid() && b.isValid() && a.date() == b.date();
}

QString StateRuns::keyOf(int row) const
{
    const QModelIndex index = m_model->index(row);
    const QString eventId = index.data(TimelineModel::EventIdRole).toString();
    return eventId.isEmpty() ? QStringLiteral("txn:") + index.data(TimelineModel::TransactionIdRole).toString()
                             : eventId;
}

void StateRuns::rebuild()
{
    m_runs.clear();
    const int rows = m_model->rowCount();
    if (rows > 0)
        rescan(0, rows - 1);
}

void StateRuns::rescan(int lo, int hi)
{
    const int rows = m_model->rowCount();
    if (rows == 0) {
        m_runs.clear();
        return;
    }
    lo = std::clamp(lo, 0, rows - 1);
    hi = std::clamp(hi, lo, rows - 1);
    // Widen to whole runs: the new ones that reach past [lo, hi], and the old ones it touches (a change inside
    // a run can end it early, and its other rows must then be looked at again).
    qsizetype from = 0;
    qsizetype to = 0;
    for (;;) {
        while (lo > 0 && joinable(lo - 1))
            --lo;
        while (hi + 1 < rows && joinable(hi))
            ++hi;
        const int before[2] = {lo, hi};
        from = std::lower_bound(m_runs.cbegin(), m_runs.cend(), lo,
                                [](const Entry &entry, int r) { return entry.last < r; })
            - m_runs.cbegin();
        for (to = from; to < m_runs.size() && m_runs.at(to).first <= hi; ++to) {
            lo = std::min(lo, m_runs.at(to).first);
            hi = std::max(hi, std::min(m_runs.at(to).last, rows - 1));
        }
        if (lo == before[0] && hi == before[1])
            break;
    }
    m_runs.remove(from, to - from);

    QList<Entry> found;
    for (int row = lo; row < hi;) {
        if (!joinable(row)) {
            ++row;
            continue;
        }
        int last = row + 1;
        while (last < hi && joinable(last))
            ++last;
        // Open when its first row was opened, or when it grew above a row that was (older events paginated in).
        bool expanded = false;
        for (int r = row; r <= last && !expanded; ++r) {
            if (m_expanded.contains(keyOf(r))) {
                expanded = true;
                if (r != row) {
                    m_expanded.remove(keyOf(r));
                    m_expanded.insert(keyOf(row));
                }
            }
        }
        found.append({row, last, expanded, {}});
        row = last + 1;
    }
    for (qsizetype i = 0; i < found.size(); ++i)
        m_runs.insert(from + i, found.at(i));
    emit changed(lo, hi);
}

void StateRuns::onRowsInserted(int first, int last)
{
    const int count = last - first + 1;
    for (Entry &entry : m_runs) {
        if (entry.first >= first) {
            entry.first += count;
            entry.last += count;
        } else if (entry.last >= first) {
            entry.last += count; // rows came inside it: rescan() looks at it again
        }
    }
    rescan(first, last);
}

void StateRuns::onRowsRemoved(int first, int last)
{
    const int count = last - first + 1;
    QList<Entry> kept;
    kept.reserve(m_runs.size());
    for (Entry entry : std::as_const(m_runs)) {
        const auto moved = [&](int row, bool start) {
            if (row > last)
                return row - count;
            if (row >= first)
                return start ? first : first - 1;
            return row;
        };
        entry.first = moved(entry.first, true);
        entry.last = moved(entry.last, false);
        if (entry.last >= entry.first)
            kept.append(entry);
    }
    m_runs = kept;
    if (m_model->rowCount() > 0)
        rescan(first - 1, first);
    else
        emit changed(0, -1);
}

void StateRuns::onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles)
{
    // Receipts and screen reader texts do not make or break runs; a folded row's receipts show on its run's line.
    const bool receiptsOnly = !roles.isEmpty() && std::all_of(roles.cbegin(), roles.cend(), [](int role) {
        return role == TimelineModel::ReadByRole || role == Qt::AccessibleTextRole;
    });
    if (!receiptsOnly) {
        rescan(topLeft.row(), bottomRight.row());
        return;
    }
    if (!roles.contains(TimelineModel::ReadByRole))
        return;
    for (int row = topLeft.row(); row <= bottomRight.row(); ++row) {
        if (isFolded(row))
            emit changed(runAt(row).first, runAt(row).first);
    }
}

void StateRuns::setExpanded(int row, bool expanded)
{
    const qsizetype i = entryIndex(row);
    if (i < 0 || m_runs.at(i).expanded == expanded)
        return;
    Entry &entry = m_runs[i];
    entry.expanded = expanded;
    if (expanded) {
        m_expanded.insert(keyOf(entry.first));
    } else {
        for (int r = entry.first; r <= entry.last; ++r)
            m_expanded.remove(keyOf(r));
    }
    emit changed(entry.first, entry.last);
}

void StateRuns::toggle(int row)
{
    setExpanded(row, !runAt(row).expanded);
}

void StateRuns::applyTo(TimelineRow &row) const
{
    const Run run = runAt(row.index.row());
    if (!run.isValid() || run.first != row.index.row())
        return;
    row.stateRun.events = run.size();
    row.stateRun.expanded = run.expanded;
    row.stateRun.summary = summaryOf(run);
    if (run.expanded)
        return;
    // The rows it folds are not painted: who read them, and our marker after the last, show on this line.
    for (int r = run.first + 1; r <= run.last; ++r) {
        const QModelIndex folded = m_model->index(r);
        for (const QString &reader : folded.data(TimelineModel::ReadByRole).toStringList()) {
            if (!row.readBy.contains(reader))
                row.readBy.append(reader);
        }
    }
    const QModelIndex last = m_model->index(run.last);
    row.fullyRead = last.data(TimelineModel::IsFullyReadRole).toBool();
    row.isLast = run.last == m_model->rowCount() - 1;
}

} // namespace estafette
