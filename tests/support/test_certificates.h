#pragma once

#include <QSslCertificate>
#include <QSslKey>
#include <QString>

namespace estafette::test {

// A certificate and its private key, made in memory for TLS tests (nothing written to disk).
struct TestCertificate {
    QSslCertificate certificate;
    QSslKey key;
    bool isNull() const { return certificate.isNull() || key.isNull(); }
};

// A self-signed certificate authority (P-256, valid from an hour ago for a day).
TestCertificate makeTestAuthority(const QString &commonName);
// A server certificate for `dnsName` (subjectAltName DNS) issued by `authority`.
TestCertificate makeServerCertificate(const TestCertificate &authority, const QString &dnsName);

} // namespace estafette::test
