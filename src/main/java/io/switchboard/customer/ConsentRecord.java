package io.switchboard.customer;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * One change of a customer's consent for one address and purpose: who or what made it, how, when, and
 * the words used ("STOP", the text of a form's checkbox).
 *
 * @param purpose {@code service} (answers to what the customer asked), {@code notifications}
 *                (messages the company starts: "your order ships tomorrow") or {@code marketing}
 * @param source  {@code keyword} (STOP, START), {@code agent}, {@code form}, {@code import} or
 *                {@code customer} (said in a conversation)
 */
public record ConsentRecord(String id, String customerId, String address, String purpose, boolean granted,
                            String source, String words, String actor, Instant at) {

    public static final String SERVICE = "service";
    public static final String NOTIFICATIONS = "notifications";
    public static final String MARKETING = "marketing";
    public static final Set<String> PURPOSES = Set.of(SERVICE, NOTIFICATIONS, MARKETING);
    public static final Set<String> SOURCES = Set.of("keyword", "agent", "form", "import", "customer");

    /** The purpose a request names, {@code notifications} when it names none; refused when unknown. */
    public static String purpose(String requested) {
        String purpose = requested == null ? NOTIFICATIONS : requested;
        if (!PURPOSES.contains(purpose)) {
            throw new IllegalArgumentException("purpose is one of " + PURPOSES + ", not " + purpose);
        }
        return purpose;
    }

    public ConsentRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(at, "at");
        if (!PURPOSES.contains(purpose)) {
            throw new IllegalArgumentException("purpose is one of " + PURPOSES + ", not " + purpose);
        }
        if (!SOURCES.contains(source)) {
            throw new IllegalArgumentException("source is one of " + SOURCES + ", not " + source);
        }
        if (words != null && words.length() > 500) {
            throw new IllegalArgumentException("the words of a consent are at most 500 characters");
        }
    }
}
