// Canonical JSON and JSON signing (spec appendix "Canonical JSON" and "Signing JSON"), including the spec's
// ed25519 test vectors.
#include "crypto/canonical_json.h"
#include "crypto/crypto_backend.h"
#include "crypto/json_signing.h"
#include "crypto/libolm_account.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace estafette;

namespace {
QJsonObject parse(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        qFatal("bad test JSON: %s", json.constData());
    return doc.object();
}

QByteArray canonical(const QByteArray &json)
{
    const auto result = canonicalJson(parse(json));
    return result.ok() ? result.value() : QByteArray("<error>");
}

// The spec's signing key: seed YJDBA9Xnr2sVqXD9Vj7XVUnmFZcZrlw8Md7kMW+3XA1 (libolm takes the ed25519 seed first,
// then 32 bytes for the curve25519 key).
std::unique_ptr<LibolmAccount> specSigningAccount()
{
    QByteArray random = QByteArray::fromBase64("YJDBA9Xnr2sVqXD9Vj7XVUnmFZcZrlw8Md7kMW+3XA1=");
    random.append(QByteArray(32, '\x01'));
    if (static_cast<std::size_t>(random.size()) != LibolmAccount::createRandomLength())
        qFatal("unexpected libolm account random length");
    auto account = LibolmAccount::createFromRandom(random);
    if (!account)
        qFatal("createFromRandom: %s", qPrintable(cryptoErrorName(account.error())));
    return std::move(account).value();
}
} // namespace

class TestCryptoJson : public QObject {
    Q_OBJECT
private slots:
    void specExamples_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("empty") << QByteArray("{}") << QByteArray("{}");
        QTest::newRow("simple") << QByteArray(R"({"one": 1, "two": "Two"})") << QByteArray(R"({"one":1,"two":"Two"})");
        QTest::newRow("sorted") << QByteArray(R"({"b": "2", "a": "1"})") << QByteArray(R"({"a":"1","b":"2"})");
        QTest::newRow("compact") << QByteArray(R"({"b":"2","a":"1"})") << QByteArray(R"({"a":"1","b":"2"})");
        QTest::newRow("nested")
            << QByteArray(R"({
                "auth": {
                    "success": true,
                    "mxid": "@john.doe:example.com",
                    "profile": {
                        "display_name": "John Doe",
                        "three_pids": [
                            {"medium": "email", "address": "john.doe@example.org"},
                            {"medium": "msisdn", "address": "123456789"}
                        ]
                    }
                }
            })")
            << QByteArray(R"({"auth":{"mxid":"@john.doe:example.com","profile":{"display_name":"John Doe",)"
                          R"("three_pids":[{"address":"john.doe@example.org","medium":"email"},)"
                          R"({"address":"123456789","medium":"msisdn"}]},"success":true}})");
        QTest::newRow("unicode") << QByteArray(R"({"a": "日本語"})") << QByteArray(R"({"a":"日本語"})");
        QTest::newRow("unicode keys") << QByteArray(R"({"本": 2, "日": 1})") << QByteArray(R"({"日":1,"本":2})");
        QTest::newRow("unicode escape") << QByteArray(R"({"a": "\u65E5"})") << QByteArray(R"({"a":"日"})");
        QTest::newRow("null") << QByteArray(R"({"a": null})") << QByteArray(R"({"a":null})");
        QTest::newRow("numbers") << QByteArray(R"({"a": -0, "b": 1e10})") << QByteArray(R"({"a":0,"b":10000000000})");
    }

    void specExamples()
    {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, expected);
        QCOMPARE(canonical(input), expected);
    }

    void escapingAndOrdering()
    {
        // Only ", \ and control characters are escaped; "/" and non-ASCII are written as is.
        QCOMPARE(canonical("{\"k\": \"a\\\"b\\\\c/d\\n\\t\\r\\b\\f\\u0001\\u001f\\u007f \xc3\xa9\"}"),
                 QByteArray("{\"k\":\"a\\\"b\\\\c/d\\n\\t\\r\\b\\f\\u0001\\u001f\x7f \xc3\xa9\"}"));
        // Keys sort by code point: U+FF5A before U+1F600 (UTF-16 order would put the surrogate pair first).
        QCOMPARE(canonical(R"({"😀": 1, "ｚ": 2, "a": 3})"), QByteArray(R"({"a":3,"ｚ":2,"😀":1})"));
        QCOMPARE(canonical(R"({"a": [1, [true, false], {"y": {}, "x": []}]})"),
                 QByteArray(R"({"a":[1,[true,false],{"x":[],"y":{}}]})"));
        QCOMPARE(canonical(R"({"max": 9007199254740991, "min": -9007199254740991})"),
                 QByteArray(R"({"max":9007199254740991,"min":-9007199254740991})"));
    }

    void nonCanonicalNumbersRejected()
    {
        QCOMPARE(canonicalJson(parse(R"({"a": 1.5})")).error(), CryptoError::InvalidJson);
        QCOMPARE(canonicalJson(parse(R"({"a": 9007199254740992})")).error(), CryptoError::InvalidJson);
        QCOMPARE(canonicalJson(parse(R"({"a": [{"b": -1e300}]})")).error(), CryptoError::InvalidJson);
    }

    void specSigningVectors()
    {
        auto account = specSigningAccount();
        QCOMPARE(account->identityKeys().ed25519, QStringLiteral("XGX0JRS2Af3be3knz2fBiRbApjm2Dh61gXDJA8kcJNI"));

        const auto empty = signJson(*account, QJsonObject(), QStringLiteral("domain"), QStringLiteral("1"));
        QVERIFY(empty.ok());
        QCOMPARE(canonicalJson(empty.value()).value(),
                 QByteArray(R"({"signatures":{"domain":{"ed25519:1":"K8280/U9SSy9IVtjBuVeLr+HpOB4BQFWbg+UZaADMtTdGYI7)"
                            R"(Geitb76LTrr5QV/7Xg4ahLwYGYZzuHGZKM5ZAQ"}}})"));

        const auto data = signJson(*account, parse(R"({"one": 1, "two": "Two"})"), QStringLiteral("domain"),
                                   QStringLiteral("1"));
        QVERIFY(data.ok());
        QCOMPARE(data->value("signatures").toObject().value("domain").toObject().value("ed25519:1").toString(),
                 QStringLiteral("KqmLSbO39/Bzb0QIYE82zqLwsA+PDzYIpIRA2sRQ4sL53+sN6/fpNSoqE7BP7vBZhG6kYdD13EIMJpvhJI+6Bw"));

        auto backend = createCryptoBackend();
        QVERIFY(verifyJsonSignature(*backend, data.value(), QStringLiteral("domain"), QStringLiteral("ed25519:1"),
                                    account->identityKeys().ed25519)
                    .ok());
    }

    void deviceKeysSignedAndVerified()
    {
        auto backend = createCryptoBackend();
        auto account = std::move(backend->createAccount()).value();
        auto other = std::move(backend->createAccount()).value();
        const QString user = QStringLiteral("@alice:example.org");
        const QString device = QStringLiteral("JLAFKJWSCS");
        const QString keyId = QStringLiteral("ed25519:") + device;
        const QString ed = account->identityKeys().ed25519;

        QJsonObject deviceKeys{
            {"user_id", user},
            {"device_id", device},
            {"algorithms", QJsonArray{"m.olm.v1.curve25519-aes-sha2", "m.megolm.v1.aes-sha2"}},
            {"keys", QJsonObject{{"curve25519:" + device, account->identityKeys().curve25519}, {keyId, ed}}},
            {"signatures", QJsonObject{{"@other:example.org", QJsonObject{{"ed25519:X", "kept"}}}}},
        };
        const auto signedKeys = signJson(*account, deviceKeys, user, device);
        QVERIFY(signedKeys.ok());
        QJsonObject keys = signedKeys.value();
        QCOMPARE(keys.value("signatures").toObject().value("@other:example.org").toObject().value("ed25519:X"),
                 QJsonValue("kept"));
        QVERIFY(verifyJsonSignature(*backend, keys, user, keyId, ed).ok());

        // "unsigned" and other signatures are outside the signed bytes.
        keys.insert("unsigned", QJsonObject{{"device_display_name", "Alice's laptop"}});
        QVERIFY(verifyJsonSignature(*backend, keys, user, keyId, ed).ok());
        // Survives a serialisation round trip in any key order.
        const QJsonObject reparsed = QJsonDocument::fromJson(QJsonDocument(keys).toJson()).object();
        QVERIFY(verifyJsonSignature(*backend, reparsed, user, keyId, ed).ok());

        // Tampered content, wrong key, missing signature.
        QJsonObject tampered = keys;
        QJsonObject tamperedKeys = tampered.value("keys").toObject();
        tamperedKeys.insert("curve25519:" + device, other->identityKeys().curve25519);
        tampered.insert("keys", tamperedKeys);
        QCOMPARE(verifyJsonSignature(*backend, tampered, user, keyId, ed).error(), CryptoError::BadSignature);
        QJsonObject renamed = keys;
        renamed.insert("device_id", "OTHERDEVICE");
        QCOMPARE(verifyJsonSignature(*backend, renamed, user, keyId, ed).error(), CryptoError::BadSignature);
        QCOMPARE(verifyJsonSignature(*backend, keys, user, keyId, other->identityKeys().ed25519).error(),
                 CryptoError::BadSignature);
        QCOMPARE(verifyJsonSignature(*backend, keys, QStringLiteral("@bob:example.org"), keyId, ed).error(),
                 CryptoError::SignatureMissing);
        QCOMPARE(verifyJsonSignature(*backend, keys, user, QStringLiteral("ed25519:OTHER"), ed).error(),
                 CryptoError::SignatureMissing);
        QJsonObject withFloat = keys;
        withFloat.insert("x", 0.5);
        QCOMPARE(verifyJsonSignature(*backend, withFloat, user, keyId, ed).error(), CryptoError::InvalidJson);
        QCOMPARE(signJson(*account, withFloat, user, device).error(), CryptoError::InvalidJson);
    }
};

QTEST_GUILESS_MAIN(TestCryptoJson)
#include "test_crypto_json.moc"
