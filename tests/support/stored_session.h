#pragma once

#include "session/session.h"
#include "store/account_location.h"
#include "support/synapse_fixture.h"

#include <QTemporaryDir>

#include <memory>

namespace estafette::test {

// An Estafette account with its encrypted store in a temporary folder (end-to-end encryption needs a store):
// sign in once, then open again from the store as the app does after a restart.
class StoredAccount {
public:
    StoredAccount();
    bool isValid() const { return m_dir.isValid(); }
    const AccountLocation &location() const { return m_where; }

    // Signs in (first time) or resumes from the store, then waits for the first sync and for end-to-end
    // encryption to be started. nullptr with *error on failure. Sync polls every second (tests wait on peers).
    std::unique_ptr<Session> signIn(const TestServer &server, const TestUser &user, QString *error);
    std::unique_ptr<Session> resume(QString *error);

private:
    std::unique_ptr<Session> finish(std::unique_ptr<Session> session, QString *error);
    QTemporaryDir m_dir;
    AccountLocation m_where;
};

} // namespace estafette::test
