#pragma once

#include "crypto/crypto_error.h"

#include <concepts>
#include <optional>
#include <type_traits>
#include <utility>

namespace estafette {

// The outcome of a crypto operation: a value or a CryptoError, never an exception. Check ok() before value().
template<typename T>
class [[nodiscard]] CryptoResult {
public:
    template<typename U>
        requires(std::is_convertible_v<U &&, T> && !std::is_same_v<std::remove_cvref_t<U>, CryptoError>)
    CryptoResult(U &&value) // NOLINT(google-explicit-constructor): results are returned as plain values
        : m_value(std::in_place, std::forward<U>(value))
    {
    }
    CryptoResult(CryptoError error) // NOLINT(google-explicit-constructor)
        : m_error(error == CryptoError::None ? CryptoError::Unknown : error)
    {
    }

    bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }
    CryptoError error() const { return m_error; }

    T &value() & { return *m_value; }
    const T &value() const & { return *m_value; }
    T &&value() && { return std::move(*m_value); }
    T *operator->() { return &*m_value; }
    const T *operator->() const { return &*m_value; }

private:
    std::optional<T> m_value;
    CryptoError m_error = CryptoError::None;
};

// The outcome of an operation without a value.
template<>
class [[nodiscard]] CryptoResult<void> {
public:
    CryptoResult() = default;
    CryptoResult(CryptoError error) // NOLINT(google-explicit-constructor)
        : m_error(error)
    {
    }

    bool ok() const { return m_error == CryptoError::None; }
    explicit operator bool() const { return ok(); }
    CryptoError error() const { return m_error; }

private:
    CryptoError m_error = CryptoError::None;
};

using CryptoStatus = CryptoResult<void>;

} // namespace estafette
