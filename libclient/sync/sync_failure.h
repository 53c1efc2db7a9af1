#pragma once

#include "net/matrix_error.h"

namespace estafette {

// What a failed /sync means for the loop. Every failure ends in exactly one of these.
enum class SyncFailure {
    Transient, // retrying unchanged may succeed without anyone doing anything: back off and retry, forever
    TokenLost, // M_UNKNOWN_TOKEN: the session is over (sign-out path, with soft_logout deciding the reason)
    Permanent, // the homeserver refused this request, or the connection can't be trusted: stop until retried
};

// The classes, and why:
//   Transient  network failures and timeouts; any 5xx; 429 / M_LIMIT_EXCEEDED (after its Retry-After);
//              408 and 425; an error status without a Matrix body (a proxy's, load balancer's or captive
//              portal's page: they do not judge our request, and go away when the path to the homeserver
//              comes back); a 2xx whose body is not JSON (such a page again, or a cut-off transfer).
//   TokenLost  errcode M_UNKNOWN_TOKEN, whatever the status.
//   Permanent  TLS failures (never ignored; a person must act: IT support, or a captive portal to log in to);
//              any other Matrix error from the homeserver (M_FORBIDDEN, M_USER_LOCKED, M_BAD_JSON, M_UNKNOWN,
//              M_UNRECOGNIZED...): the same request would be refused the same way; a redirect to another
//              origin (the token never follows one); a JSON body that is not a sync response (the caller
//              decides that one: see SyncLoop).
SyncFailure classifySyncFailure(const MatrixError &error);

} // namespace estafette
