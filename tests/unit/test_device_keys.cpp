// Device identity building blocks: the signed device keys and one-time/fallback keys objects of /keys/upload,
// the top-up arithmetic, and the sync fields that drive it.
#include "crypto/crypto_backend.h"
#include "crypto/device_keys.h"
#include "crypto/json_signing.h"
#include "sync/sync_delta.h"

#include <QJsonArray>
#include <QTest>

using namespace estafette;

class TestDeviceKeys : public QObject {
    Q_OBJECT
private slots:
    void deviceKeysAreSignedAndComplete()
    {
        auto backend = createCryptoBackend();
        auto account = backend->createAccount();
        QVERIFY(account);
        const auto keys = signedDeviceKeys(*account.value(), "@me:example.org", "DEVICE1");
        QVERIFY(keys);
        const QJsonObject o = keys.value();
        QCOMPARE(o.value("user_id").toString(), QStringLiteral("@me:example.org"));
        QCOMPARE(o.value("device_id").toString(), QStringLiteral("DEVICE1"));
        QCOMPARE(o.value("algorithms").toArray(),
                 (QJsonArray{"m.olm.v1.curve25519-aes-sha2", "m.megolm.v1.aes-sha2"}));
        const IdentityKeys identity = account.value()->identityKeys();
        QCOMPARE(o.value("keys").toObject().value("curve25519:DEVICE1").toString(), identity.curve25519);
        QCOMPARE(o.value("keys").toObject().value("ed25519:DEVICE1").toString(), identity.ed25519);
        QVERIFY(verifyJsonSignature(*backend, o, "@me:example.org", "ed25519:DEVICE1", identity.ed25519));
        // Deterministic: the same account signs the same object again (no different content on a retry).
        QCOMPARE(signedDeviceKeys(*account.value(), "@me:example.org", "DEVICE1").value(), o);
        // Tampering is detected.
        QJsonObject tampered = o;
        tampered.insert("device_id", "OTHER");
        QVERIFY(!verifyJsonSignature(*backend, tampered, "@me:example.org", "ed25519:DEVICE1", identity.ed25519));
    }

    void oneTimeAndFallbackKeysAreSigned()
    {
        auto backend = createCryptoBackend();
        auto account = backend->createAccount();
        QVERIFY(account);
        OlmAccount &a = *account.value();
        QVERIFY(a.generateOneTimeKeys(3));
        QVERIFY(a.generateFallbackKey());
        const auto oneTime = signedCurve25519Keys(a, a.unpublishedOneTimeKeys(), "@me:example.org", "D", false);
        const auto fallback = signedCurve25519Keys(a, a.unpublishedFallbackKey(), "@me:example.org", "D", true);
        QVERIFY(oneTime && fallback);
        QCOMPARE(oneTime.value().size(), 3);
        QCOMPARE(fallback.value().size(), 1);
        for (const QJsonObject &set : {oneTime.value(), fallback.value()}) {
            for (auto it = set.constBegin(); it != set.constEnd(); ++it) {
                QVERIFY(it.key().startsWith("signed_curve25519:"));
                const QJsonObject key = it.value().toObject();
                QVERIFY(!key.value("key").toString().isEmpty());
                QVERIFY(verifyJsonSignature(*backend, key, "@me:example.org", "ed25519:D", a.identityKeys().ed25519));
            }
        }
        QVERIFY(!oneTime.value().begin().value().toObject().contains("fallback"));
        QCOMPARE(fallback.value().begin().value().toObject().value("fallback"), QJsonValue(true));
    }

    void topUpToHalfOfTheMaximum()
    {
        QCOMPARE(oneTimeKeysToGenerate(0, 0, 100), std::size_t(50));
        QCOMPARE(oneTimeKeysToGenerate(38, 0, 100), std::size_t(12));
        QCOMPARE(oneTimeKeysToGenerate(38, 12, 100), std::size_t(0)); // generated, upload pending
        QCOMPARE(oneTimeKeysToGenerate(50, 0, 100), std::size_t(0));
        QCOMPARE(oneTimeKeysToGenerate(90, 0, 100), std::size_t(0));
        QCOMPARE(oneTimeKeysToGenerate(-3, 0, 100), std::size_t(50));
    }

    void syncKeyCountsParsed()
    {
        const auto parsed = parseSyncResponse(R"({"next_batch":"s1",
            "device_one_time_keys_count":{"signed_curve25519":17,"curve25519":2},
            "device_unused_fallback_key_types":["signed_curve25519"]})");
        QVERIFY(parsed.ok);
        QVERIFY(parsed.delta.oneTimeKeyCounts);
        QCOMPARE(parsed.delta.oneTimeKeyCounts->value("signed_curve25519"), 17);
        QCOMPARE(parsed.delta.oneTimeKeyCounts->value("curve25519"), 2);
        QCOMPARE(*parsed.delta.unusedFallbackKeyTypes, QStringList{"signed_curve25519"});
        QCOMPARE(parsed.delta.skippedMalformed, 0);

        const auto used = parseSyncResponse(R"({"next_batch":"s2","device_one_time_keys_count":{},
            "device_unused_fallback_key_types":[]})");
        QVERIFY(used.ok);
        QVERIFY(used.delta.oneTimeKeyCounts && used.delta.oneTimeKeyCounts->isEmpty());
        QVERIFY(used.delta.unusedFallbackKeyTypes && used.delta.unusedFallbackKeyTypes->isEmpty());

        const auto absent = parseSyncResponse(R"({"next_batch":"s3"})");
        QVERIFY(absent.ok);
        QVERIFY(!absent.delta.oneTimeKeyCounts);
        QVERIFY(!absent.delta.unusedFallbackKeyTypes);

        const auto malformed = parseSyncResponse(R"({"next_batch":"s4",
            "device_one_time_keys_count":{"signed_curve25519":"many","x":1.5,"ok":3},
            "device_unused_fallback_key_types":"signed_curve25519"})");
        QVERIFY(malformed.ok);
        QCOMPARE(malformed.delta.oneTimeKeyCounts->size(), 1);
        QCOMPARE(malformed.delta.oneTimeKeyCounts->value("ok"), 3);
        QVERIFY(!malformed.delta.unusedFallbackKeyTypes);
        QCOMPARE(malformed.delta.skippedMalformed, 3);
    }
};

QTEST_GUILESS_MAIN(TestDeviceKeys)
#include "test_device_keys.moc"
