#include "support/test_certificates.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <functional>
#include <memory>

namespace estafette::test {

namespace {

struct Free {
    void operator()(EVP_PKEY *p) const { EVP_PKEY_free(p); }
    void operator()(EVP_PKEY_CTX *p) const { EVP_PKEY_CTX_free(p); }
    void operator()(X509 *p) const { X509_free(p); }
    void operator()(X509_EXTENSION *p) const { X509_EXTENSION_free(p); }
    void operator()(BIO *p) const { BIO_free(p); }
};
template<typename T>
using Owned = std::unique_ptr<T, Free>;

Owned<EVP_PKEY> newKey()
{
    Owned<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_id(EVP_PKEY_EC, nullptr));
    EVP_PKEY *key = nullptr;
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) <= 0
        || EVP_PKEY_CTX_set_ec_paramgen_curve_nid(ctx.get(), NID_X9_62_prime256v1) <= 0
        || EVP_PKEY_keygen(ctx.get(), &key) <= 0)
        return {};
    return Owned<EVP_PKEY>(key);
}

bool addExtension(X509 *cert, X509 *issuer, int nid, const char *value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    Owned<X509_EXTENSION> ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
    return ext && X509_add_ext(cert, ext.get(), -1) == 1;
}

QByteArray pem(const std::function<int(BIO *)> &write)
{
    Owned<BIO> bio(BIO_new(BIO_s_mem()));
    if (!bio || write(bio.get()) != 1)
        return {};
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return QByteArray(data, int(size));
}

// Builds and signs a certificate for `commonName`; self-signed when no issuer is given.
TestCertificate make(const QString &commonName, const TestCertificate *issuer, const QString &dnsName)
{
    Owned<EVP_PKEY> key = newKey();
    Owned<X509> cert(X509_new());
    if (!key || !cert)
        return TestCertificate();
    static long serial = 1;
    X509_set_version(cert.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), ++serial);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24 * 3600);
    X509_set_pubkey(cert.get(), key.get());
    const QByteArray cn = commonName.toUtf8();
    X509_NAME *name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char *>(cn.constData()),
                               -1, -1, 0);

    Owned<X509> issuerCert;
    Owned<EVP_PKEY> issuerKey;
    if (issuer) {
        const QByteArray certPem = issuer->certificate.toPem();
        const QByteArray keyPem = issuer->key.toPem();
        Owned<BIO> certBio(BIO_new_mem_buf(certPem.constData(), int(certPem.size())));
        Owned<BIO> keyBio(BIO_new_mem_buf(keyPem.constData(), int(keyPem.size())));
        issuerCert.reset(PEM_read_bio_X509(certBio.get(), nullptr, nullptr, nullptr));
        issuerKey.reset(PEM_read_bio_PrivateKey(keyBio.get(), nullptr, nullptr, nullptr));
        if (!issuerCert || !issuerKey)
            return TestCertificate();
        X509_set_issuer_name(cert.get(), X509_get_subject_name(issuerCert.get()));
    } else {
        X509_set_issuer_name(cert.get(), name);
    }
    X509 *signer = issuer ? issuerCert.get() : cert.get();
    bool ok = addExtension(cert.get(), signer, NID_subject_key_identifier, "hash");
    if (issuer) {
        const QByteArray san = "DNS:" + dnsName.toUtf8();
        ok = ok && addExtension(cert.get(), signer, NID_basic_constraints, "critical,CA:FALSE")
            && addExtension(cert.get(), signer, NID_key_usage, "critical,digitalSignature")
            && addExtension(cert.get(), signer, NID_ext_key_usage, "serverAuth")
            && addExtension(cert.get(), signer, NID_subject_alt_name, san.constData());
    } else {
        ok = ok && addExtension(cert.get(), signer, NID_basic_constraints, "critical,CA:TRUE")
            && addExtension(cert.get(), signer, NID_key_usage, "critical,keyCertSign,cRLSign");
    }
    if (!ok || X509_sign(cert.get(), issuer ? issuerKey.get() : key.get(), EVP_sha256()) <= 0)
        return TestCertificate();

    TestCertificate out;
    out.certificate = QSslCertificate(pem([&](BIO *b) { return PEM_write_bio_X509(b, cert.get()); }), QSsl::Pem);
    out.key = QSslKey(pem([&](BIO *b) {
                          return PEM_write_bio_PrivateKey(b, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
                      }),
                      QSsl::Ec, QSsl::Pem, QSsl::PrivateKey);
    return out;
}

} // namespace

TestCertificate makeTestAuthority(const QString &commonName)
{
    return make(commonName, nullptr, {});
}

TestCertificate makeServerCertificate(const TestCertificate &authority, const QString &dnsName)
{
    if (authority.isNull())
        return TestCertificate();
    return make(dnsName, &authority, dnsName);
}

} // namespace estafette::test
