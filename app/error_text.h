#pragma once

#include "net/matrix_error.h"
#include "session/session.h"

#include <QCoreApplication>
#include <QString>

namespace estafette {

// Sentences a person understands for the errors libclient reports as values.
class ErrorText {
    Q_DECLARE_TR_FUNCTIONS(ErrorText)
public:
    static QString signInFailure(SignInFailure failure, const MatrixError &error);
    static QString matrixError(const MatrixError &error);
    static QString signOutReason(SignOutReason reason);
    // Sync stopped on a failure retrying cannot fix: what it means and why.
    static QString syncStopped(const MatrixError &error);

private:
    static QString rateLimited(const MatrixError &error);
    // What was wrong with the certificate, in one sentence.
    static QString certificateProblem(const MatrixError &error);
};

} // namespace estafette
