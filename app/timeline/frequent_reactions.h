#pragma once

#include <QHash>
#include <QPointer>
#include <QStringList>

class QSettings;

namespace estafette {

// The quick reactions offered first (message menu, hover button): the emoji this person uses most, then the
// defaults, six in all. Uses are counted in the settings (nothing about messages or rooms is kept there).
class FrequentReactions {
public:
    static constexpr int kShown = 6;
    static QStringList defaults();

    explicit FrequentReactions(QSettings *settings = nullptr);
    QStringList quick() const;
    void used(const QString &key);

private:
    QSettings *m_settings;
    QHash<QString, int> m_counts;
};

} // namespace estafette
