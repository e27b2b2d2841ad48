package io.switchboard.envelope;

import java.util.Objects;

/**
 * What a provider says became of a message we sent: the one way every channel reports delivery
 * (send it to {@code direct:receipt}). The message is named by the conversation and turn it was
 * sent for ({@link EnvelopeHeaders#CONVERSATION_ID}, {@link EnvelopeHeaders#TURN_SEQ}, which a
 * connector can round-trip through its provider), or else by the id the provider gave it.
 *
 * @param channel           the channel it went out on
 * @param conversationId    the conversation, when known; else {@code providerMessageId} finds it
 * @param seq               the turn's sequence number, when {@code conversationId} is known
 * @param providerMessageId the provider's id of the message, when known
 * @param status            what happened; a status never moves back
 * @param detail            a word for agents (never message text), e.g. {@code bounced}
 */
public record Receipt(String channel, String conversationId, long seq, String providerMessageId, Status status,
                      String detail) {

    /** How far a message got. */
    public enum Status {
        SENT, DELIVERED, FAILED
    }

    public Receipt {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(status, "status");
        if ((conversationId == null || seq <= 0) && providerMessageId == null) {
            throw new IllegalArgumentException("a receipt names the turn or the provider's message id");
        }
    }

    /** A receipt for the turn a message was sent for. */
    public static Receipt forTurn(String channel, String conversationId, long seq, Status status, String detail,
                                  String providerMessageId) {
        return new Receipt(channel, conversationId, seq, providerMessageId, status, detail);
    }

    /** A receipt for the message a provider knows by this id. */
    public static Receipt forProviderId(String channel, String providerMessageId, Status status, String detail) {
        return new Receipt(channel, null, 0, providerMessageId, status, detail);
    }
}
