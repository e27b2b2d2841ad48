package io.switchboard.conversation;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How far an outbound turn got. */
public enum DeliveryStatus {
    QUEUED,
    SENT,
    DELIVERED,
    FAILED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static DeliveryStatus fromWire(String value) {
        return valueOf(value.strip().toUpperCase(Locale.ROOT));
    }

    /** Receipts arrive out of order; a status never moves back (failed and delivered are final). */
    public boolean canMoveTo(DeliveryStatus next) {
        return switch (this) {
            case QUEUED -> true;
            case SENT -> next == DELIVERED || next == FAILED;
            case DELIVERED, FAILED -> false;
        };
    }
}
