package io.switchboard.channel.twilio;

/** Twilio could not take the request now (5xx, 429, timeout, no connection): worth trying again later. */
public class TwilioUnavailableException extends RuntimeException {

    public TwilioUnavailableException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
