package io.switchboard.channel.twilio;

import com.twilio.exception.ApiException;
import com.twilio.exception.TwilioException;
import io.switchboard.envelope.DeliveryRefusedException;

/**
 * Turns what the SDK throws into the sink contract: a 4xx answer (other than 429) is a refusal the
 * outbox does not retry; a 5xx, 429, timeout or connection failure is temporary. Twilio's own error
 * text is left out: it may quote the number.
 */
public final class TwilioFailures {

    private TwilioFailures() {
    }

    public static RuntimeException translate(TwilioException e) {
        Integer status = e instanceof ApiException api ? api.getStatusCode() : null;
        Integer code = e instanceof ApiException api ? api.getCode() : null;
        String error = code == null ? "" : " (Twilio error " + code + ")";
        if (status != null && status >= 400 && status < 500 && status != 429) {
            return new DeliveryRefusedException("Twilio refused the request: HTTP " + status + error, e);
        }
        if (status != null) {
            return new TwilioUnavailableException("Twilio answered HTTP " + status + error, e);
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return new TwilioUnavailableException("Twilio not reachable: " + root.getClass().getSimpleName(), e);
    }
}
