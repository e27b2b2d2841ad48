package io.switchboard.envelope;

/**
 * Thrown by a sink when the provider refused the message for good (a 4xx answer: bad number,
 * unsubscribed recipient, content rejected): sending it again would fail the same way, so the
 * outbox does not retry it. Any other exception from a sink counts as temporary and is retried.
 */
public class DeliveryRefusedException extends RuntimeException {

    public DeliveryRefusedException(String reason) {
        super(reason);
    }

    public DeliveryRefusedException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
