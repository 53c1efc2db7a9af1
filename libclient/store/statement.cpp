#include "store/statement.h"

#include "store/database.h"
#include "store/store_logging.h"

#include <sqlcipher/sqlite3.h>

namespace estafette {

Statement::~Statement()
{
    if (m_stmt) {
        m_db->assertThread();
        sqlite3_finalize(m_stmt);
    }
}

Statement::Statement(Statement &&other) noexcept
    : m_db(other.m_db), m_stmt(other.m_stmt), m_bindFailed(other.m_bindFailed)
{
    other.m_stmt = nullptr;
}

Statement &Statement::operator=(Statement &&other) noexcept
{
    if (this != &other) {
        if (m_stmt)
            sqlite3_finalize(m_stmt);
        m_db = other.m_db;
        m_stmt = other.m_stmt;
        m_bindFailed = other.m_bindFailed;
        other.m_stmt = nullptr;
    }
    return *this;
}

void Statement::bindResult(int rc)
{
    if (rc != SQLITE_OK) {
        m_bindFailed = true;
        m_db->setError(rc, QString::fromUtf8(sqlite3_errstr(rc)));
    }
}

Statement &Statement::bindInt64(int index, qint64 value)
{
    if (m_db)
        m_db->assertThread();
    bindResult(sqlite3_bind_int64(m_stmt, index, value));
    return *this;
}

Statement &Statement::bindText(int index, const QString &value)
{
    if (m_db)
        m_db->assertThread();
    if (value.isNull())
        return bindNull(index);
    const QByteArray utf8 = value.toUtf8();
    bindResult(sqlite3_bind_text(m_stmt, index, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT));
    return *this;
}

Statement &Statement::bindBlob(int index, const QByteArray &value)
{
    if (m_db)
        m_db->assertThread();
    if (value.isNull())
        return bindNull(index);
    bindResult(sqlite3_bind_blob(m_stmt, index, value.constData(), int(value.size()), SQLITE_TRANSIENT));
    return *this;
}

Statement &Statement::bindNull(int index)
{
    if (m_db)
        m_db->assertThread();
    bindResult(sqlite3_bind_null(m_stmt, index));
    return *this;
}

int Statement::parameterIndex(const char *name) const
{
    return m_stmt ? sqlite3_bind_parameter_index(m_stmt, name) : 0;
}

Statement &Statement::bindInt64(const char *name, qint64 value)
{
    return bindInt64(parameterIndex(name), value);
}

Statement &Statement::bindText(const char *name, const QString &value)
{
    return bindText(parameterIndex(name), value);
}

Statement &Statement::bindBlob(const char *name, const QByteArray &value)
{
    return bindBlob(parameterIndex(name), value);
}

Statement &Statement::bindNull(const char *name)
{
    return bindNull(parameterIndex(name));
}

Statement::Step Statement::step()
{
    if (m_db)
        m_db->assertThread();
    if (!m_stmt)
        return Step::Error;
    if (m_bindFailed)
        return Step::Error;
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return Step::Row;
    if (rc == SQLITE_DONE)
        return Step::Done;
    m_db->setError(sqlite3_extended_errcode(m_db->handle()), QString::fromUtf8(sqlite3_errmsg(m_db->handle())));
    qCWarning(lcStore) << "step failed:" << m_db->lastError();
    return Step::Error;
}

bool Statement::exec()
{
    Step s;
    while ((s = step()) == Step::Row) {
    }
    reset();
    return s == Step::Done;
}

void Statement::reset()
{
    if (m_db)
        m_db->assertThread();
    if (!m_stmt)
        return;
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
    m_bindFailed = false;
}

int Statement::columnCount() const
{
    return sqlite3_column_count(m_stmt);
}

bool Statement::isNull(int column) const
{
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

qint64 Statement::int64(int column) const
{
    return sqlite3_column_int64(m_stmt, column);
}

QString Statement::text(int column) const
{
    const auto *data = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, column));
    if (!data)
        return {};
    return QString::fromUtf8(data, sqlite3_column_bytes(m_stmt, column));
}

QByteArray Statement::blob(int column) const
{
    const auto *data = static_cast<const char *>(sqlite3_column_blob(m_stmt, column));
    if (!data)
        return {};
    return QByteArray(data, sqlite3_column_bytes(m_stmt, column));
}

QByteArray Statement::blobView(int column) const
{
    const auto *data = static_cast<const char *>(sqlite3_column_blob(m_stmt, column));
    if (!data)
        return {};
    return QByteArray::fromRawData(data, sqlite3_column_bytes(m_stmt, column));
}

} // namespace estafette
