#include "store/transaction.h"

#include "store/database.h"
#include "store/store_logging.h"

namespace estafette {

Transaction::Transaction(Database &db) : m_db(db)
{
    m_active = m_db.exec("BEGIN IMMEDIATE;");
    if (!m_active)
        qCWarning(lcStore) << "BEGIN failed:" << m_db.lastError();
}

Transaction::~Transaction()
{
    if (m_active)
        rollback();
}

bool Transaction::commit()
{
    if (!m_active)
        return false;
    if (!m_db.exec("COMMIT;")) {
        qCWarning(lcStore) << "COMMIT failed:" << m_db.lastError();
        rollback();
        return false;
    }
    m_active = false;
    return true;
}

void Transaction::rollback()
{
    if (!m_active)
        return;
    m_active = false;
    // Keep the error that caused the rollback, not ROLLBACK's own result.
    const int code = m_db.lastErrorCode();
    const QString message = m_db.lastError();
    if (!m_db.exec("ROLLBACK;"))
        qCWarning(lcStore) << "ROLLBACK failed:" << m_db.lastError();
    m_db.setError(code, message);
}

} // namespace estafette
