package io.switchboard.envelope;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One message on any channel, in either direction: what a source connector makes of a provider
 * payload and what a sink connector turns back into one. Nothing past a connector knows a
 * provider's format.
 *
 * @param id                our id for this message
 * @param channel           channel id, e.g. {@code chat}, {@code email}, {@code sms}
 * @param direction         inbound or outbound
 * @param providerMessageId the provider's id (inbound: the idempotency key); null for an outbound
 *                          message not sent yet
 * @param from              sender address in the channel's own form (e-mail address, phone number,
 *                          visitor id)
 * @param to                recipient address in the channel's own form
 * @param text              the customer-visible text
 * @param subject           subject line, where the channel has one
 * @param attachments       attachment references, never bytes
 * @param threading         threading hints (email headers, call id)
 * @param conversationId    the conversation an outbound message answers; inbound, a connector may
 *                          set it when the provider round-trips it
 * @param timestamp         when the provider received (inbound) or we created (outbound) it
 * @param metadata          raw provider metadata a connector wants to keep, small strings only
 */
public record Envelope(
        String id,
        String channel,
        Direction direction,
        String providerMessageId,
        String from,
        String to,
        String text,
        String subject,
        List<AttachmentRef> attachments,
        Threading threading,
        String conversationId,
        Instant timestamp,
        Map<String, String> metadata) {

    /**
     * Metadata key a source sets on a message an automaton sent (auto-reply, bounce, bulk mail), with
     * the reason as value: it is recorded but never answered nor routed, so no reply loop can start.
     */
    public static final String AUTOMATED = "automated";

    /**
     * Metadata key a source sets, with the reason as value, when it cannot vouch that the sender
     * holds the {@code from} address (an e-mail without DMARC or aligned DKIM evidence from the
     * trusted receiving server). Such a message never joins the address owner's conversation.
     */
    public static final String UNVERIFIED = "unverified";

    /**
     * Metadata key for where the sender asked answers to go, as {@code channel:value}, when not to
     * {@code from} (an e-mail's Reply-To). Nothing goes there until an agent confirmed it.
     */
    public static final String REPLY_TO = "replyTo";

    /**
     * Metadata key of an outbound message that the provider sends as one of its approved templates
     * (a WhatsApp template's Content SID) where free text may not go; its variables are under
     * {@link #PROVIDER_TEMPLATE_VARIABLES}, a JSON object.
     */
    public static final String PROVIDER_TEMPLATE = "providerTemplate";
    public static final String PROVIDER_TEMPLATE_VARIABLES = "providerTemplateVariables";

    private static final Pattern CHANNEL_ID = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    public Envelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(timestamp, "timestamp");
        if (channel == null || !CHANNEL_ID.matcher(channel).matches()) {
            throw new IllegalArgumentException("channel id must match " + CHANNEL_ID + ": " + channel);
        }
        if (direction == Direction.INBOUND && (providerMessageId == null || providerMessageId.isBlank())) {
            throw new IllegalArgumentException("an inbound message needs the provider's message id");
        }
        if (direction == Direction.INBOUND && (from == null || from.isBlank())) {
            throw new IllegalArgumentException("an inbound message needs a sender");
        }
        if (direction == Direction.OUTBOUND && (to == null || to.isBlank())) {
            throw new IllegalArgumentException("an outbound message needs a recipient");
        }
        text = text == null ? "" : text;
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        threading = threading == null ? Threading.NONE : threading;
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /**
     * A new inbound message as a source connector sees it. Its id (and its turn's) follows from the
     * channel and the provider's message id: a message recorded just before its instance died, and
     * delivered again, is recognised by the conversation as the turn it already has.
     */
    public static Envelope inbound(String channel, String providerMessageId, String from, String to,
                                   String text, Instant receivedAt) {
        String id = UUID.nameUUIDFromBytes((channel + ":" + providerMessageId).getBytes(StandardCharsets.UTF_8))
                .toString();
        return new Envelope(id, channel, Direction.INBOUND,
                providerMessageId, from, to, text, null, List.of(), Threading.NONE, null, receivedAt, Map.of());
    }

    /** True when an automaton, not a person, sent this message (see {@link #AUTOMATED}). */
    public boolean automated() {
        return metadata.containsKey(AUTOMATED);
    }

    /** Why the source could not vouch for the sender, or null when it could (see {@link #UNVERIFIED}). */
    public String unverified() {
        return metadata.get(UNVERIFIED);
    }

    /** The key duplicates of this message are recognised by, whatever instance receives them. */
    public String idempotencyKey() {
        return channel + ":" + (providerMessageId == null ? id : providerMessageId);
    }

    public Envelope withText(String newText) {
        return new Envelope(id, channel, direction, providerMessageId, from, to, newText, subject, attachments,
                threading, conversationId, timestamp, metadata);
    }

    public Envelope withSubject(String newSubject) {
        return new Envelope(id, channel, direction, providerMessageId, from, to, text, newSubject, attachments,
                threading, conversationId, timestamp, metadata);
    }

    public Envelope withAttachments(List<AttachmentRef> newAttachments) {
        return new Envelope(id, channel, direction, providerMessageId, from, to, text, subject, newAttachments,
                threading, conversationId, timestamp, metadata);
    }

    public Envelope withThreading(Threading newThreading) {
        return new Envelope(id, channel, direction, providerMessageId, from, to, text, subject, attachments,
                newThreading, conversationId, timestamp, metadata);
    }

    public Envelope withConversationId(String newConversationId) {
        return new Envelope(id, channel, direction, providerMessageId, from, to, text, subject, attachments,
                threading, newConversationId, timestamp, metadata);
    }

    public Envelope withMetadata(Map<String, String> newMetadata) {
        return new Envelope(id, channel, direction, providerMessageId, from, to, text, subject, attachments,
                threading, conversationId, timestamp, newMetadata);
    }

    public Envelope withProviderMessageId(String newProviderMessageId) {
        return new Envelope(id, channel, direction, newProviderMessageId, from, to, text, subject, attachments,
                threading, conversationId, timestamp, metadata);
    }
}
