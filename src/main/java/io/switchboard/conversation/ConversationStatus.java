package io.switchboard.conversation;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** Where a conversation stands. Written in lower case with hyphens in the API and the database. */
public enum ConversationStatus {
    /** A customer message waits for a decision on who answers. */
    OPEN,
    /** Waiting in a human queue. */
    QUEUED,
    /** An agent owns it. */
    ASSIGNED,
    /** Answered; the next move is the customer's. */
    WAITING_FOR_CUSTOMER,
    /** Done. A new message reopens it within the reopen window, else starts a new conversation. */
    RESOLVED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @JsonCreator
    public static ConversationStatus fromWire(String value) {
        String normalized = value == null ? "" : value.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        return Arrays.stream(values()).filter(s -> s.name().equals(normalized)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown status '" + value + "', expected one of "
                        + Arrays.stream(values()).map(ConversationStatus::wireName).toList()));
    }
}
