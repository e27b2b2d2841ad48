package io.switchboard.customer;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;

/**
 * A normalised address on one channel, written {@code channel:value}
 * ({@code email:alice@example.com}, {@code sms:+15551234567}, {@code chat:<visitor id>}).
 * Use {@link AddressNormalizer} to make one from what a customer or provider wrote.
 */
public record Address(String channel, String value) {

    private static final Pattern CHANNEL_ID = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    static final int MAX_VALUE_LENGTH = 320;

    public Address {
        if (channel == null || !CHANNEL_ID.matcher(channel).matches()) {
            throw new IllegalArgumentException("not a channel id: " + channel);
        }
        if (value == null || value.isBlank() || value.length() > MAX_VALUE_LENGTH
                || value.chars().anyMatch(ch -> Character.isWhitespace(ch) || Character.isISOControl(ch))) {
            throw new IllegalArgumentException("not an address value on channel " + channel);
        }
    }

    /** Parses the canonical {@code channel:value} form; the value must already be normalised. */
    @JsonCreator
    public static Address parse(String canonical) {
        int colon = canonical == null ? -1 : canonical.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("an address is written channel:value");
        }
        return new Address(canonical.substring(0, colon), canonical.substring(colon + 1));
    }

    /** A form safe for logs: channel and a hint of the value, never the whole of it. */
    public String masked() {
        int at = value.indexOf('@');
        if (at > 0) {
            return channel + ":" + value.charAt(0) + "***" + value.substring(at);
        }
        int keep = Math.min(2, value.length() / 4);
        return channel + ":***" + value.substring(value.length() - keep);
    }

    @JsonValue
    @Override
    public String toString() {
        return channel + ":" + value;
    }
}
