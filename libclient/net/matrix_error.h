#pragma once

#include <QByteArray>
#include <QMetaType>
#include <QString>

namespace estafette {

// The outcome of a request that did not succeed, as a value. The UI turns it into a sentence
// (see app/error_text.h); libclient only classifies it.
struct MatrixError {
    enum class Kind {
        None,            // success
        Network,         // connection refused, host not found, connection reset...
        Tls,             // certificate or handshake failure: never ignored, never retried
        Timeout,         // no answer within the request's timeout
        Cancelled,       // cancelled by us
        Http,            // HTTP error status without a Matrix error body
        Matrix,          // HTTP error status with a Matrix {errcode, error} body
        InvalidResponse, // 2xx but the body is not the JSON we expect
        Encryption,      // end-to-end encryption failed on this device (nothing was sent in the clear)
    };

    // What was wrong with the server's certificate (kind == Tls).
    enum class TlsProblem {
        None,
        Untrusted, // not issued by an authority this computer trusts (self-signed, unknown issuer...)
        WrongHost, // valid, but for another name than the server's
        Expired,   // outside its validity dates
        Other,     // revoked, unusable, handshake failure...
    };

    Kind kind = Kind::None;
    int httpStatus = 0;      // 0 when no HTTP response was received
    QString errcode;         // e.g. "M_FORBIDDEN"; empty unless kind == Matrix
    QString message;         // server's "error" text or the transport's description
    int retryAfterMs = -1;   // from Retry-After header or retry_after_ms; -1 when absent
    bool softLogout = false; // M_UNKNOWN_TOKEN with "soft_logout": true
    TlsProblem tlsProblem = TlsProblem::None;

    bool ok() const { return kind == Kind::None; }
    // Worth retrying: network failures, timeouts, HTTP 5xx, 429 / M_LIMIT_EXCEEDED.
    bool isTransient() const;
    bool isRateLimited() const;
    bool isUnknownToken() const { return errcode == QLatin1String("M_UNKNOWN_TOKEN"); }
    // The homeserver itself refused the request (a Matrix error body with a 4xx status) for a reason that sending
    // it again unchanged won't fix: not a rate limit, not 408 or 425. An error status without a Matrix body is not
    // one: something on the way answered (a proxy, a captive portal). Token problems (401) are included: callers
    // that sign out or retry after a new sign-in tell them apart.
    bool isHomeserverRefusal() const;

    // Builds the error for an HTTP error status from the response body and the Retry-After header
    // (delta-seconds form; the HTTP-date form is ignored). Never throws on malformed bodies.
    static MatrixError fromHttp(int status, const QByteArray &body, const QByteArray &retryAfterHeader = {});
    static MatrixError network(const QString &message);
    static MatrixError tls(const QString &message, TlsProblem problem = TlsProblem::Other);
    static MatrixError timeout();
    static MatrixError cancelled();
    static MatrixError invalidResponse(const QString &message);
    static MatrixError encryption(const QString &message);

    // "network", "tls", ... for logs.
    static const char *kindName(Kind kind);
};

} // namespace estafette

Q_DECLARE_METATYPE(estafette::MatrixError)
