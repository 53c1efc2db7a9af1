#pragma once

#include <QCoreApplication>
#include <QModelIndex>
#include <QString>

namespace estafette {

// What the timeline shows about the end-to-end encryption of one row: nothing for a plain or a well
// authenticated message; for a message that could not be decrypted, the kind of placeholder (its sentence is
// the model's body); for a decrypted one whose sender is not established, a warning or a subtle marker, with
// an explanation for the tooltip.
class MessageSecurity {
    Q_DECLARE_TR_FUNCTIONS(MessageSecurity)
public:
    enum class Mark {
        None,
        Undecrypted,     // not readable (yet): shown muted, with a padlock
        Rejected,        // refused (replayed key, other room): shown as a warning
        Unauthenticated, // decrypted, but the key's device is not the sender's: visible warning under it
        Unconfirmed,     // decrypted, sender's device not known yet or key forwarded: subtle marker
    };

    // The row of a TimelineModel (rows of other models have no mark).
    static MessageSecurity of(const QModelIndex &index);

    Mark mark() const { return m_mark; }
    bool isPlaceholder() const { return m_mark == Mark::Undecrypted || m_mark == Mark::Rejected; }
    // The words under an unauthenticated message ("Sender not authenticated"); empty otherwise.
    QString warning() const;
    // One or two sentences for the tooltip; empty when there is nothing to say.
    QString explanation() const { return m_explanation; }

private:
    Mark m_mark = Mark::None;
    QString m_explanation;
};

} // namespace estafette
