#pragma once

#include <QByteArray>
#include <QString>

#include <cstddef>
#include <cstdint>
#include <memory>

namespace estafette {

// Overwrites memory that held a secret, in a way the compiler can't optimise out (OPENSSL_cleanse).
void wipeMemory(void *data, std::size_t size);
// Detaches and wipes a QByteArray / QString, then clears it. Only this copy is wiped: take care not to leave
// implicitly shared copies around.
void wipeSecret(QByteArray &secret);
void wipeSecret(QString &secret);

// A fixed-size byte buffer for secrets (random bytes, libolm objects, plaintext): wiped when destroyed.
class SecretBuffer {
public:
    explicit SecretBuffer(std::size_t size = 0);
    ~SecretBuffer();
    SecretBuffer(const SecretBuffer &) = delete;
    SecretBuffer &operator=(const SecretBuffer &) = delete;
    SecretBuffer(SecretBuffer &&other) noexcept;
    SecretBuffer &operator=(SecretBuffer &&other) noexcept;

    // A private copy of `bytes`, for libolm calls that decode or decrypt their input in place; wiped when destroyed.
    static SecretBuffer copyOf(const QByteArray &bytes);

    // Fills the buffer from the operating system's CSPRNG (OpenSSL RAND_bytes). False if the source failed.
    bool fillRandom();

    std::uint8_t *data() { return m_data.get(); }
    const std::uint8_t *data() const { return m_data.get(); }
    std::size_t size() const { return m_size; }
    // A copy of the first `length` bytes (the caller owns and wipes it).
    QByteArray toByteArray(std::size_t length) const;

private:
    void release();

    std::unique_ptr<std::uint8_t[]> m_data;
    std::size_t m_size = 0;
};

} // namespace estafette
