package io.switchboard.support;

import io.switchboard.envelope.Envelope;
import io.switchboard.envelope.EnvelopeHeaders;
import io.switchboard.conversation.ConversationMemory;
import io.switchboard.conversation.ConversationStatus;
import java.time.Duration;
import java.time.Instant;
import org.awaitility.Awaitility;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * Feeds envelopes into the inbound pipeline exactly as a source connector does, for channels whose
 * connector a test does not need to exercise.
 */
public final class Inbound {

    private final ProducerTemplate producer;

    public Inbound(ProducerTemplate producer) {
        this.producer = producer;
    }

    /** Sends one message; returns the exchange (check {@code getException()}). */
    public Exchange send(String channel, String providerMessageId, String from, String text) {
        Envelope envelope = Envelope.inbound(channel, providerMessageId, from, "support", text, Instant.now());
        return producer.request("direct:inbound", exchange -> exchange.getMessage().setBody(envelope));
    }

    /**
     * Waits until routing has decided who answers the conversation (it decides off the inbound
     * thread), so a test that then moves it elsewhere is not overtaken by the decision.
     */
    public static void awaitDecided(ConversationMemory memory, String conversationId) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> memory.require(conversationId).status() != ConversationStatus.OPEN);
    }

    /** Sends one message and fails the test if the pipeline did not record it. */
    public String record(String channel, String providerMessageId, String from, String text) {
        Exchange exchange = send(channel, providerMessageId, from, text);
        if (exchange.getException() != null) {
            throw new AssertionError("inbound message not recorded", exchange.getException());
        }
        return exchange.getMessage().getHeader(EnvelopeHeaders.CONVERSATION_ID, String.class);
    }
}
