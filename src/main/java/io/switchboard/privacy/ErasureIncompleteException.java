package io.switchboard.privacy;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Some holders could not erase their part (the mail server unreachable, say): the others did, the
 * audit says which failed, and asking again finishes it. Answered 503.
 */
public class ErasureIncompleteException extends ErrorResponseException {

    public ErasureIncompleteException(String customerId, Map<String, String> failed) {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem(customerId, failed), null);
    }

    private static ProblemDetail problem(String customerId, Map<String, String> failed) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, "customer " + customerId
                + " is erased except for " + String.join(", ", failed.keySet()) + ": ask again to finish");
        problem.setProperty("failed", failed);
        return problem;
    }
}
