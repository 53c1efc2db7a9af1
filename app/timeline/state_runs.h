#pragma once

#include <QList>
#include <QObject>
#include <QSet>
#include <QString>

class QModelIndex;

namespace estafette {

class TimelineModel;
struct TimelineRow;

// Which rows of a timeline are runs of state changes folded into one summary line ("Paul created and configured
// the room", "3 people joined"), and which of those runs the person opened. A run is two rows or more in a row
// whose kind is StateChange, of the same local day (a day separator breaks it, a gap too since it is a row of
// its own), and ending at the row our read marker is at (the "New messages" line must stay between what was
// read and what was not). Rows stay the model's rows: a folded row is only hidden by the view.
// A run is collapsed until opened; which runs are open is kept by the event id of their first row (a run that
// grows upwards with older events stays open). The runs are worked out once for the whole model on a reset,
// then again only around what changed: a new message costs a look at its neighbours, not at 10,000 rows.
class StateRuns : public QObject {
    Q_OBJECT
public:
    struct Run {
        int first = -1;
        int last = -1;
        bool expanded = false;
        bool isValid() const { return first >= 0; }
        int size() const { return last - first + 1; }
    };

    explicit StateRuns(TimelineModel *model, QObject *parent = nullptr);

    // The run `row` is in; not valid when it is in none.
    Run runAt(int row) const;
    bool isHead(int row) const { return runAt(row).first == row; }
    // In a collapsed run, after its first row: not shown (its summary stands for it).
    bool isFolded(int row) const;
    // The row that shows `row`: itself, or the first row of the collapsed run that folds it.
    int shownRow(int row) const;
    // The run's sentence (summarizeStateRun()), worked out when first asked for.
    QString summaryOf(const Run &run) const;
    // "(7 events)", as the summary line ends.
    static QString countText(int events);
    void setExpanded(int row, bool expanded); // `row`: any row of the run
    void toggle(int row);
    int runCount() const { return int(m_runs.size()); }

    // For the delegate: what the run headed by `row` shows (nothing when the row heads no run). A collapsed run's
    // line also carries the read receipts and the read marker of the rows it folds.
    void applyTo(TimelineRow &row) const;

signals:
    // Rows first..last may have been folded, unfolded, opened, closed, made or unmade the head of a run, or
    // given a new summary; `first` is the first row of the first run among them, if any.
    void changed(int first, int last);

private:
    struct Entry {
        int first;
        int last;
        bool expanded;
        mutable QString summary; // empty until asked for
    };
    qsizetype entryIndex(int row) const; // -1 when `row` is in no run
    bool joinable(int row) const;        // `row` and the row after it belong to one run
    QString keyOf(int row) const;
    void rebuild();
    void rescan(int lo, int hi);
    void onRowsInserted(int first, int last);
    void onRowsRemoved(int first, int last);
    void onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles);

    TimelineModel *m_model;
    QList<Entry> m_runs;      // by row, not overlapping
    QSet<QString> m_expanded; // keys (event ids) of the first rows of open runs
};

} // namespace estafette
