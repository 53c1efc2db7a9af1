#include "net/matrix_error.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <cmath>
#include <limits>

namespace estafette {

namespace {

// Matrix error bodies are tiny; anything larger is not one and is not worth parsing.
constexpr qsizetype kMaxErrorBodyBytes = 64 * 1024;
// Server-provided waits beyond this are clamped (RetryPolicy caps lower anyway).
constexpr qint64 kMaxRetryAfterMs = 24LL * 3600 * 1000;

int clampRetryAfter(qint64 ms)
{
    if (ms < 0)
        return -1;
    return int(std::min(ms, kMaxRetryAfterMs));
}

// Retry-After: delta-seconds (RFC 9110). The HTTP-date form is ignored.
int parseRetryAfterHeader(const QByteArray &header)
{
    const QByteArray trimmed = header.trimmed();
    if (trimmed.isEmpty() || trimmed.size() > 12)
        return -1;
    for (char c : trimmed) {
        if (c < '0' || c > '9')
            return -1;
    }
    bool ok = false;
    const qint64 seconds = trimmed.toLongLong(&ok);
    if (!ok)
        return -1;
    return clampRetryAfter(seconds * 1000);
}

int parseRetryAfterMs(const QJsonValue &value)
{
    if (!value.isDouble())
        return -1;
    const double ms = value.toDouble();
    if (!std::isfinite(ms) || ms < 0)
        return -1;
    if (ms >= double(kMaxRetryAfterMs))
        return int(kMaxRetryAfterMs);
    return int(ms);
}

} // namespace

bool MatrixError::isRateLimited() const
{
    return httpStatus == 429 || errcode == QLatin1String("M_LIMIT_EXCEEDED");
}

bool MatrixError::isHomeserverRefusal() const
{
    return kind == Kind::Matrix && httpStatus >= 400 && httpStatus < 500 && !isRateLimited() && httpStatus != 408
        && httpStatus != 425;
}

bool MatrixError::isTransient() const
{
    switch (kind) {
    case Kind::Network:
    case Kind::Timeout:
        return true;
    case Kind::Http:
    case Kind::Matrix:
        return isRateLimited() || (httpStatus >= 500 && httpStatus <= 599);
    case Kind::None:
    case Kind::Tls:
    case Kind::Cancelled:
    case Kind::InvalidResponse:
    case Kind::Encryption:
        return false;
    }
    return false;
}

MatrixError MatrixError::fromHttp(int status, const QByteArray &body, const QByteArray &retryAfterHeader)
{
    MatrixError e;
    e.kind = Kind::Http;
    e.httpStatus = status;
    e.retryAfterMs = parseRetryAfterHeader(retryAfterHeader);

    if (!body.isEmpty() && body.size() <= kMaxErrorBodyBytes) {
        QJsonParseError parseError{};
        const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
        if (parseError.error == QJsonParseError::NoError && doc.isObject()) {
            const QJsonObject obj = doc.object();
            const QJsonValue errcode = obj.value(QLatin1String("errcode"));
            if (errcode.isString() && !errcode.toString().isEmpty()) {
                e.kind = Kind::Matrix;
                e.errcode = errcode.toString().left(128);
            }
            const QJsonValue error = obj.value(QLatin1String("error"));
            if (error.isString())
                e.message = error.toString().left(1024);
            // The body's retry_after_ms is more precise than the header's whole seconds.
            const int bodyRetry = parseRetryAfterMs(obj.value(QLatin1String("retry_after_ms")));
            if (bodyRetry >= 0)
                e.retryAfterMs = bodyRetry;
            e.softLogout = e.isUnknownToken() && obj.value(QLatin1String("soft_logout")).toBool(false);
        }
    }
    return e;
}

MatrixError MatrixError::network(const QString &message)
{
    MatrixError e;
    e.kind = Kind::Network;
    e.message = message;
    return e;
}

MatrixError MatrixError::tls(const QString &message, TlsProblem problem)
{
    MatrixError e;
    e.kind = Kind::Tls;
    e.message = message;
    e.tlsProblem = problem == TlsProblem::None ? TlsProblem::Other : problem;
    return e;
}

MatrixError MatrixError::timeout()
{
    MatrixError e;
    e.kind = Kind::Timeout;
    return e;
}

MatrixError MatrixError::cancelled()
{
    MatrixError e;
    e.kind = Kind::Cancelled;
    return e;
}

MatrixError MatrixError::encryption(const QString &message)
{
    MatrixError e;
    e.kind = Kind::Encryption;
    e.message = message;
    return e;
}

MatrixError MatrixError::invalidResponse(const QString &message)
{
    MatrixError e;
    e.kind = Kind::InvalidResponse;
    e.message = message;
    return e;
}

const char *MatrixError::kindName(Kind kind)
{
    switch (kind) {
    case Kind::None: return "none";
    case Kind::Network: return "network";
    case Kind::Tls: return "tls";
    case Kind::Timeout: return "timeout";
    case Kind::Cancelled: return "cancelled";
    case Kind::Http: return "http";
    case Kind::Matrix: return "matrix";
    case Kind::InvalidResponse: return "invalid-response";
    case Kind::Encryption: return "encryption";
    }
    return "?";
}

} // namespace estafette
