#pragma once

#include <QByteArray>
#include <QString>

struct sqlite3_stmt;

namespace estafette {

class Database;

// A prepared SQLCipher statement (RAII: finalized on destruction). Bind by 1-based index or by ":name",
// step, read columns (0-based), reset to run again with new bindings.
class Statement {
public:
    enum class Step { Row, Done, Error };

    Statement() = default;
    Statement(Database *db, sqlite3_stmt *stmt) : m_db(db), m_stmt(stmt) {}
    ~Statement();
    Statement(Statement &&other) noexcept;
    Statement &operator=(Statement &&other) noexcept;
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;

    bool isValid() const { return m_stmt != nullptr; }

    Statement &bindInt64(int index, qint64 value);
    Statement &bindText(int index, const QString &value);   // a null QString binds NULL
    Statement &bindBlob(int index, const QByteArray &value); // a null QByteArray binds NULL
    Statement &bindNull(int index);
    Statement &bindInt64(const char *name, qint64 value);
    Statement &bindText(const char *name, const QString &value);
    Statement &bindBlob(const char *name, const QByteArray &value);
    Statement &bindNull(const char *name);
    int parameterIndex(const char *name) const; // 0 when unknown
    bool bindFailed() const { return m_bindFailed; }

    // One step. Error records the message on the Database (lastError()).
    Step step();
    // Steps until Done (for statements without rows, or to ignore them), then resets. true on Done.
    bool exec();
    // Ready to run again: reset and clear bindings.
    void reset();

    int columnCount() const;
    bool isNull(int column) const;
    qint64 int64(int column) const;
    QString text(int column) const;        // a NULL column gives a null QString
    QByteArray blob(int column) const;     // deep copy of the bytes
    // The column's bytes without copying; valid until the next step/reset.
    QByteArray blobView(int column) const;

private:
    void bindResult(int rc);
    Database *m_db = nullptr;
    sqlite3_stmt *m_stmt = nullptr;
    bool m_bindFailed = false;
};

} // namespace estafette
