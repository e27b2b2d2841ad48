package io.switchboard.conversation;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Who wrote a turn. */
public enum Author {
    CUSTOMER,
    AI,
    AGENT,
    SYSTEM;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Author fromWire(String value) {
        return valueOf(value.strip().toUpperCase(Locale.ROOT));
    }
}
