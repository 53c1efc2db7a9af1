#pragma once

#include "net/matrix_error.h"

namespace estafette {

// Capped exponential backoff for transient failures. Permanent failures are never retried.
struct RetryPolicy {
    int maxAttempts = 4;       // total attempts including the first; 0 means no limit
    int initialDelayMs = 500;  // delay after the first failure
    int maxDelayMs = 30000;    // cap for the exponential part
    // For calls that are not idempotent (createRoom, login without device id): retry only when the server
    // refused with 429 / M_LIMIT_EXCEEDED, where it surely did nothing; never after 5xx or network errors.
    bool rateLimitOnly = false;

    // Whether attempt number `attempt` (1-based) that failed with `error` should be followed by another.
    bool shouldRetry(int attempt, const MatrixError &error) const;
    // Delay before the next attempt after attempt `attempt` failed: the server's retry-after when given
    // (not capped below, capped at 5 minutes), else initialDelayMs * 2^(attempt-1) capped at maxDelayMs.
    int delayAfter(int attempt, const MatrixError &error) const;
    // The exponential part alone: initialDelayMs * 2^(attempt-1), capped at maxDelayMs.
    int backoffAfter(int attempt) const;

    static RetryPolicy none() { return RetryPolicy{1, 0, 0}; }
    // (Not named "forever": Qt defines that word as a macro.)
    static RetryPolicy unlimited() { return RetryPolicy{0, 500, 30000}; }
    static RetryPolicy rateLimitsOnly() { return RetryPolicy{4, 500, 30000, true}; }
};

} // namespace estafette
