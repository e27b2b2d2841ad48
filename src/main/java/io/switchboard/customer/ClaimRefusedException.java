package io.switchboard.customer;

/**
 * A claimed address refused before anything was recorded or sent: too many claims, an address
 * locked after too many wrong codes, a country codes are not sent to.
 *
 * @see CustomerDirectory#claim
 */
public class ClaimRefusedException extends RuntimeException {

    private final String reason;

    ClaimRefusedException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** A short stable code: {@code too-many-claims}, {@code address-busy}, {@code address-locked}, {@code country}. */
    public String reason() {
        return reason;
    }
}
