#pragma once

#include "store/store_error.h"

#include <QDialog>

class QLabel;
class QPushButton;

namespace estafette {

// Says what went wrong with the account's encrypted local data and offers only safe ways out:
//   keychain unavailable          Retry / Quit (never continue unencrypted, never keep data without its key)
//   key missing, wrong or damaged Retry / Sign in again with a fresh database (old files kept aside) / Quit
//   not encrypted, migration      Quit
//   input/output                  Retry / Quit
// Closing the dialog any other way (Escape, the window's close button) means Quit.
class StoreProblemDialog : public QDialog {
    Q_OBJECT
public:
    enum class Choice { Retry, FreshStart, Quit };

    // `setAsideFolder`: where the old files go on a fresh start; `dataFolder`: the account's folder (for
    // input/output problems).
    StoreProblemDialog(const StoreError &error, const QString &setAsideFolder, const QString &dataFolder,
                       QWidget *parent = nullptr);

    StoreError error() const { return m_error; }
    bool offersRetry() const;
    bool offersFreshStart() const;

    static QString title(StoreError::Kind kind);
    static QString explanation(StoreError::Kind kind, const QString &setAsideFolder, const QString &dataFolder);

signals:
    void chosen(estafette::StoreProblemDialog::Choice choice);

private:
    void choose(Choice choice);
    void reject() override;

    StoreError m_error;
    QPushButton *m_retry = nullptr;
    QPushButton *m_fresh = nullptr;
    QPushButton *m_quit = nullptr;
    bool m_chosen = false;
};

} // namespace estafette
