#include "store/transaction.h"

#include "store/database.h"
#include "store/store_logging.h"

namespace estafette {

Transaction::Transaction(Database &db) : m_db(db)
{
    if (m_db.inTransaction()) {
        m_savepoint = m_db.nextSavepointName();
        m_active = m_db.exec(QByteArray("SAVEPOINT " + m_savepoint + ";").constData());
        if (!m_active)
            qCWarning(lcStore) << "SAVEPOINT failed:" << m_db.lastError();
        return;
    }
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
    const bool ok = isNested() ? m_db.exec(QByteArray("RELEASE " + m_savepoint + ";").constData()) : m_db.exec("COMMIT;");
    if (!ok) {
        qCWarning(lcStore) << (isNested() ? "RELEASE failed:" : "COMMIT failed:") << m_db.lastError();
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
    if (isNested()) {
        // ROLLBACK TO undoes the savepoint's work but keeps it open; RELEASE then removes it. Fails when SQLite
        // already rolled the whole transaction back after an error (the outer transaction then fails as well).
        const QByteArray sql = "ROLLBACK TO " + m_savepoint + "; RELEASE " + m_savepoint + ";";
        if (!m_db.exec(sql.constData()))
            qCWarning(lcStore) << "ROLLBACK TO failed:" << m_db.lastError();
    } else if (!m_db.exec("ROLLBACK;")) {
        qCWarning(lcStore) << "ROLLBACK failed:" << m_db.lastError();
    }
    m_db.setError(code, message);
}

} // namespace estafette
