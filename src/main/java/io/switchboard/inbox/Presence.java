package io.switchboard.inbox;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** Whether an agent takes new conversations. Only available agents are assigned; offline ones hold none. */
public enum Presence {
    AVAILABLE,
    BUSY,
    AWAY,
    OFFLINE;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Presence fromWire(String value) {
        String normalized = value == null ? "" : value.strip().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(p -> p.name().equals(normalized)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown presence '" + value + "', expected one of "
                        + Arrays.stream(values()).map(Presence::wireName).toList()));
    }
}
