package io.switchboard.inbox;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** A refused request as a problem detail (403), like every other API error. */
@RestControllerAdvice
class InboxErrors {

    @ExceptionHandler(AccessDeniedException.class)
    ProblemDetail forbidden(AccessDeniedException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN,
                e instanceof InboxAccess.Refused ? e.getMessage() : "your role does not allow this");
        problem.setTitle("Forbidden");
        return problem;
    }
}
