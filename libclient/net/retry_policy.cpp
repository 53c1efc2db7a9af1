#include "net/retry_policy.h"

#include <algorithm>

namespace estafette {

namespace {
constexpr int kMaxServerDelayMs = 5 * 60 * 1000;
}

bool RetryPolicy::shouldRetry(int attempt, const MatrixError &error) const
{
    if (!error.isTransient())
        return false;
    if (rateLimitOnly && !error.isRateLimited())
        return false;
    if (maxAttempts > 0 && attempt >= maxAttempts)
        return false;
    return true;
}

int RetryPolicy::delayAfter(int attempt, const MatrixError &error) const
{
    if (error.retryAfterMs >= 0)
        return std::min(error.retryAfterMs, kMaxServerDelayMs);
    return backoffAfter(attempt);
}

int RetryPolicy::backoffAfter(int attempt) const
{
    const int cap = std::max(0, maxDelayMs);
    qint64 delay = std::max(0, initialDelayMs);
    // Double (attempt - 1) times, stopping once the cap is reached so the value never overflows.
    for (int i = 1; i < attempt && delay < cap; ++i)
        delay *= 2;
    return int(std::min<qint64>(delay, cap));
}

} // namespace estafette
