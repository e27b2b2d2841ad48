package io.switchboard.conversation;

import io.switchboard.envelope.AttachmentRef;
import io.switchboard.envelope.Direction;
import io.switchboard.envelope.Envelope;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One message in a conversation, on whatever channel it came or went.
 *
 * @param seq               position in the conversation, from 1; assigned when appended
 * @param id                our id of the message
 * @param at                when it was received or written
 * @param channel           its channel; for an outbound turn the channel it went out on
 * @param direction         inbound or outbound
 * @param author            customer, ai, agent or system
 * @param authorName        the agent's user name, the AI's name; null for the customer
 * @param address           the customer's address it came from or went to ({@code channel:value})
 * @param text              what was said
 * @param subject           subject line, where the channel has one
 * @param attachments       attachment references
 * @param providerMessageId the provider's id: inbound, the idempotency key; outbound, once sent
 * @param delivery          delivery state of an outbound turn, null for inbound ones
 * @param internal          true for notes and system records the customer never sees
 * @param movedTo           set when an unmerge moved the turn to another conversation
 * @param metadata          small channel facts worth keeping (threading ids, call id)
 */
public record Turn(
        long seq,
        String id,
        Instant at,
        String channel,
        Direction direction,
        Author author,
        String authorName,
        String address,
        String text,
        String subject,
        List<AttachmentRef> attachments,
        String providerMessageId,
        Delivery delivery,
        boolean internal,
        String movedTo,
        Map<String, String> metadata) {

    static final String MESSAGE_TEXT = "message-text";
    static final String TRANSCRIPTS = "transcripts";
    static final String NOTES_AND_DRAFTS = "notes-and-drafts";
    static final String VOICE = "voice";

    public Turn {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(author, "author");
        text = text == null ? "" : text;
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        if (author == Author.CUSTOMER && direction != Direction.INBOUND) {
            throw new IllegalArgumentException("a customer turn is inbound");
        }
    }

    /** Shown to the customer and to whoever answers them; not a note, not moved away. */
    public boolean visible() {
        return !internal && movedTo == null;
    }

    /**
     * The key the customer's message was taken in by ({@link Envelope#idempotencyKey()}): of an inbound
     * turn that is still here (not moved to another customer's conversation).
     */
    public Optional<String> inboundKey() {
        return direction == Direction.INBOUND && providerMessageId != null && movedTo == null
                ? Optional.of(channel + ":" + providerMessageId) : Optional.empty();
    }

    /** Sent by an automaton (auto-reply, bounce): kept in the timeline, never answered. */
    public boolean automated() {
        return metadata.containsKey(Envelope.AUTOMATED);
    }

    /** Metadata key set when retention removed the turn's text, with the window's name as value. */
    public static final String TEXT_REMOVED = "textRemoved";

    /** Metadata that carries what was said or who said it, removed with the text. */
    private static final Set<String> TEXT_METADATA = Set.of("html", "fromName", Envelope.REPLY_TO, "original",
            Envelope.PROVIDER_TEMPLATE_VARIABLES);

    /**
     * The retention window ({@code switchboard.privacy.retention.*}) the turn's text falls under:
     * {@code transcripts} for what was said on a call, {@code notes-and-drafts} for notes, drafts and
     * handoff notes nobody sent, {@code message-text} for every other message.
     */
    public String textKind() {
        if (VOICE.equals(channel)) {
            return TRANSCRIPTS;
        }
        return internal ? NOTES_AND_DRAFTS : MESSAGE_TEXT;
    }

    /** The text, subject, attachment list and text-bearing metadata were removed by retention. */
    public boolean textRemoved() {
        return metadata.containsKey(TEXT_REMOVED);
    }

    /**
     * The same turn without what was said: text, subject, attachment list and metadata that carries
     * text or names; who, when, which channel and address, delivery and threading stay.
     */
    Turn withoutText() {
        var kept = new HashMap<>(metadata);
        kept.keySet().removeAll(TEXT_METADATA);
        kept.put(TEXT_REMOVED, textKind());
        return new Turn(seq, id, at, channel, direction, author, authorName, address, "", null, List.of(),
                providerMessageId, delivery, internal, movedTo, kept);
    }

    Turn withSeq(long newSeq) {
        return new Turn(newSeq, id, at, channel, direction, author, authorName, address, text, subject, attachments,
                providerMessageId, delivery, internal, movedTo, metadata);
    }

    Turn withDelivery(Delivery newDelivery) {
        String deliveredChannel = newDelivery.channel() != null ? newDelivery.channel() : channel;
        return new Turn(seq, id, at, deliveredChannel, direction, author, authorName, address, text, subject,
                attachments, providerMessageId, newDelivery, internal, movedTo, metadata);
    }

    Turn withProviderMessageId(String newProviderMessageId) {
        return new Turn(seq, id, at, channel, direction, author, authorName, address, text, subject, attachments,
                newProviderMessageId, delivery, internal, movedTo, metadata);
    }

    Turn withAddress(String newAddress) {
        return new Turn(seq, id, at, channel, direction, author, authorName, newAddress, text, subject, attachments,
                providerMessageId, delivery, internal, movedTo, metadata);
    }

    Turn movedTo(String conversationId) {
        return new Turn(seq, id, at, channel, direction, author, authorName, address, text, subject, attachments,
                providerMessageId, delivery, internal, conversationId, metadata);
    }
}
