package io.switchboard.envelope;

/**
 * Camel header names that travel with an {@link Envelope}, in the style of the Kamelet catalog's
 * neutral headers. Connectors set them; routes read them; sinks remove them.
 */
public final class EnvelopeHeaders {

    /** Channel id of the message, e.g. {@code chat}. */
    public static final String CHANNEL = "switchboard-channel";
    /** {@code channel:providerMessageId}: the key duplicates are recognised by. */
    public static final String IDEMPOTENCY_KEY = "switchboard-idempotency-key";
    /** Conversation the message belongs to, once known. */
    public static final String CONVERSATION_ID = "switchboard-conversation-id";
    /** Customer the message belongs to, once known. */
    public static final String CUSTOMER_ID = "switchboard-customer-id";
    /** Sequence number of the turn the message was recorded as. */
    public static final String TURN_SEQ = "switchboard-turn-seq";
    /** Set by a sink: the provider's id of the message it sent; recorded on the turn. */
    public static final String PROVIDER_MESSAGE_ID = "switchboard-provider-message-id";
    /** The endpoint every channel reports delivery to, with a {@link Receipt} as body. */
    public static final String RECEIPTS = "direct:receipt";

    private EnvelopeHeaders() {
    }
}
