#pragma once

// Median, minimum and maximum of repeated measurements (shared by the benchmark programs).

#include <QList>

#include <algorithm>

namespace estafette::bench {

struct Stats {
    QList<double> values;
    double median() const
    {
        QList<double> v = values;
        std::sort(v.begin(), v.end());
        return v.isEmpty() ? 0 : (v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2);
    }
    double min() const { return values.isEmpty() ? 0 : *std::min_element(values.begin(), values.end()); }
    double max() const { return values.isEmpty() ? 0 : *std::max_element(values.begin(), values.end()); }
};

} // namespace estafette::bench
