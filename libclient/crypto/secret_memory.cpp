#include "crypto/secret_memory.h"

#include <cstring>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <algorithm>
#include <climits>

namespace estafette {

void wipeMemory(void *data, std::size_t size)
{
    if (data && size > 0)
        OPENSSL_cleanse(data, size);
}

void wipeSecret(QByteArray &secret)
{
    if (!secret.isEmpty()) {
        secret.detach();
        wipeMemory(secret.data(), static_cast<std::size_t>(secret.size()));
    }
    secret.clear();
}

void wipeSecret(QString &secret)
{
    if (!secret.isEmpty()) {
        secret.detach();
        wipeMemory(secret.data(), static_cast<std::size_t>(secret.size()) * sizeof(QChar));
    }
    secret.clear();
}

SecretBuffer::SecretBuffer(std::size_t size)
    : m_data(size > 0 ? std::make_unique<std::uint8_t[]>(size) : nullptr)
    , m_size(size)
{
}

SecretBuffer::~SecretBuffer()
{
    release();
}

SecretBuffer::SecretBuffer(SecretBuffer &&other) noexcept
    : m_data(std::move(other.m_data))
    , m_size(std::exchange(other.m_size, 0))
{
}

SecretBuffer &SecretBuffer::operator=(SecretBuffer &&other) noexcept
{
    if (this != &other) {
        release();
        m_data = std::move(other.m_data);
        m_size = std::exchange(other.m_size, 0);
    }
    return *this;
}

bool SecretBuffer::fillRandom()
{
    if (m_size == 0)
        return true;
    if (m_size > static_cast<std::size_t>(INT_MAX))
        return false;
    return RAND_bytes(m_data.get(), static_cast<int>(m_size)) == 1;
}

SecretBuffer SecretBuffer::copyOf(const QByteArray &bytes)
{
    SecretBuffer copy(static_cast<std::size_t>(bytes.size()));
    if (!bytes.isEmpty())
        std::memcpy(copy.data(), bytes.constData(), copy.size());
    return copy;
}

QByteArray SecretBuffer::toByteArray(std::size_t length) const
{
    const std::size_t n = std::min(length, m_size);
    return QByteArray(reinterpret_cast<const char *>(m_data.get()), static_cast<qsizetype>(n));
}

void SecretBuffer::release()
{
    wipeMemory(m_data.get(), m_size);
    m_data.reset();
    m_size = 0;
}

} // namespace estafette
