#include "error_text.h"

namespace estafette {

QString ErrorText::rateLimited(const MatrixError &error)
{
    if (error.retryAfterMs > 0) {
        const int seconds = int((error.retryAfterMs + 999) / 1000);
        return tr("Too many attempts. Try again in %n second(s).", nullptr, seconds);
    }
    return tr("Too many attempts. Wait a moment, then try again.");
}

QString ErrorText::certificateProblem(const MatrixError &error)
{
    switch (error.tlsProblem) {
    case MatrixError::TlsProblem::Untrusted:
        return tr("The server's security certificate is not trusted by this computer: it was not issued by an "
                  "authority this computer recognises.");
    case MatrixError::TlsProblem::WrongHost:
        return tr("The server's security certificate was issued for another name than this server's.");
    case MatrixError::TlsProblem::Expired:
        return tr("The server's security certificate has expired or is not valid yet.");
    case MatrixError::TlsProblem::None:
    case MatrixError::TlsProblem::Other:
        break;
    }
    return tr("The server's security certificate could not be verified.");
}

QString ErrorText::signInFailure(SignInFailure failure, const MatrixError &error)
{
    switch (failure) {
    case SignInFailure::InvalidServerInput:
        return tr("This server address is not valid. Enter an address such as matrix.example.gouv.fr.");
    case SignInFailure::Unreachable:
        return tr("The server could not be reached. Check the address and your network connection.");
    case SignInFailure::Tls:
        return certificateProblem(error) + QLatin1Char(' ')
            + tr("The connection was stopped before anything was sent, to protect you. Contact your IT support.");
    case SignInFailure::NotMatrix:
        return tr("This address does not lead to a Matrix server. Check the server address.");
    case SignInFailure::WrongCredentials:
        return tr("Wrong identifier or password.");
    case SignInFailure::UserDeactivated:
        return tr("This account has been deactivated. Contact your administrator.");
    case SignInFailure::RateLimited:
        return rateLimited(error);
    case SignInFailure::Other:
        break;
    }
    if (!error.message.isEmpty())
        return tr("Sign-in failed. The server says: %1").arg(error.message);
    return tr("Sign-in failed for an unknown reason. Try again later.");
}

QString ErrorText::matrixError(const MatrixError &error)
{
    switch (error.kind) {
    case MatrixError::Kind::None:
        return {};
    case MatrixError::Kind::Network:
        return tr("The server could not be reached. Check your network connection.");
    case MatrixError::Kind::Tls:
        return certificateProblem(error) + QLatin1Char(' ') + tr("Contact your IT support.");
    case MatrixError::Kind::Timeout:
        return tr("The server took too long to answer. Try again later.");
    case MatrixError::Kind::Cancelled:
        return tr("The request was cancelled.");
    case MatrixError::Kind::InvalidResponse:
        return tr("The server sent an answer that could not be understood.");
    case MatrixError::Kind::Encryption:
        return tr("The message could not be encrypted, so it was not sent. Try again later.");
    case MatrixError::Kind::Http:
        if (error.httpStatus == 429)
            return rateLimited(error);
        return tr("The server answered with an error (HTTP %1). Try again later.").arg(error.httpStatus);
    case MatrixError::Kind::Matrix:
        break;
    }
    if (error.isRateLimited())
        return rateLimited(error);
    const QString &code = error.errcode;
    if (code == QLatin1String("M_FORBIDDEN"))
        return error.message.isEmpty() ? tr("You are not allowed to do this.")
                                       : tr("You are not allowed to do this: %1").arg(error.message);
    if (code == QLatin1String("M_UNKNOWN_TOKEN"))
        return tr("Your session is no longer valid. Please sign in again.");
    if (code == QLatin1String("M_USER_DEACTIVATED"))
        return tr("This account has been deactivated. Contact your administrator.");
    if (code == QLatin1String("M_USER_LOCKED"))
        return tr("This account has been locked. Contact your administrator.");
    if (code == QLatin1String("M_NOT_FOUND"))
        return tr("The server could not find what was asked for.");
    if (code == QLatin1String("M_TOO_LARGE"))
        return tr("This is too large for the server.");
    if (code == QLatin1String("M_INVALID_USERNAME") || code == QLatin1String("M_INVALID_PARAM"))
        return tr("The server refused the request: %1").arg(error.message);
    if (!error.message.isEmpty())
        return tr("The server refused the request: %1").arg(error.message);
    return tr("The server refused the request (%1).").arg(code);
}

QString ErrorText::syncStopped(const MatrixError &error)
{
    return tr("New messages are no longer received. %1").arg(matrixError(error));
}

QString ErrorText::signOutReason(SignOutReason reason)
{
    switch (reason) {
    case SignOutReason::UserRequested:
        return tr("You signed out.");
    case SignOutReason::SessionExpired:
        return tr("Your session expired, please sign in again.");
    case SignOutReason::SessionRevoked:
        return tr("This session was signed out from another device. Sign in again to continue.");
    }
    return {};
}

} // namespace estafette
