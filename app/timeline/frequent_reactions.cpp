#include "timeline/frequent_reactions.h"

#include <QSettings>

#include <algorithm>

namespace estafette {

namespace {
const QString kKey = QStringLiteral("reactions/uses");
constexpr int kKept = 30; // the most used kept in the settings
} // namespace

QStringList FrequentReactions::defaults()
{
    return {QStringLiteral("👍"), QStringLiteral("✅"), QStringLiteral("😀"), QStringLiteral("🎉"),
            QStringLiteral("👀"), QStringLiteral("❤️")};
}

FrequentReactions::FrequentReactions(QSettings *settings) : m_settings(settings)
{
    if (!m_settings)
        return;
    const QVariantMap stored = m_settings->value(kKey).toMap();
    for (auto it = stored.cbegin(); it != stored.cend(); ++it)
        m_counts.insert(it.key(), it.value().toInt());
}

QStringList FrequentReactions::quick() const
{
    QStringList used = m_counts.keys();
    std::sort(used.begin(), used.end(), [this](const QString &a, const QString &b) {
        const int ca = m_counts.value(a), cb = m_counts.value(b);
        return ca != cb ? ca > cb : a < b;
    });
    QStringList out;
    for (const QString &key : used) {
        if (out.size() >= kShown)
            break;
        out.append(key);
    }
    for (const QString &key : defaults()) {
        if (out.size() >= kShown)
            break;
        if (!out.contains(key))
            out.append(key);
    }
    return out;
}

void FrequentReactions::used(const QString &key)
{
    if (key.isEmpty() || key.size() > 16)
        return;
    m_counts[key] += 1;
    if (m_counts.size() > kKept) { // forget the least used
        QStringList keys = m_counts.keys();
        std::sort(keys.begin(), keys.end(), [this](const QString &a, const QString &b) {
            return m_counts.value(a) > m_counts.value(b);
        });
        for (qsizetype i = kKept; i < keys.size(); ++i)
            m_counts.remove(keys.at(i));
    }
    if (m_settings) {
        QVariantMap stored;
        for (auto it = m_counts.cbegin(); it != m_counts.cend(); ++it)
            stored.insert(it.key(), it.value());
        m_settings->setValue(kKey, stored);
    }
}

} // namespace estafette
