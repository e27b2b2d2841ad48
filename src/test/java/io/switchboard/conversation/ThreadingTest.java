package io.switchboard.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.envelope.Direction;
import io.switchboard.envelope.Envelope;
import io.switchboard.envelope.EnvelopeHeaders;
import io.switchboard.envelope.Threading;
import io.switchboard.support.AgentApi;
import io.switchboard.support.Inbound;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** Threading hints put a message into the conversation of the earlier message they name, on any channel. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ThreadingTest {

    @LocalServerPort
    int port;

    @Autowired
    ProducerTemplate producer;

    @Autowired
    ConversationMemory memory;

    @Test
    void anAnswerToAnEarlierThreadJoinsThatConversationAndOtherMessagesTheCurrentOne() {
        var api = AgentApi.asAgent(port);
        var inbound = new Inbound(producer);
        String tag = UUID.randomUUID().toString();
        String email = "jo-" + tag.substring(0, 8) + "@example.com";
        String first = "<first-" + tag + "@example.com>";
        String old = inbound.record("email", first, email, "The lamp flickers");
        String current = inbound.record("chat", "c-" + tag, "visitor-" + tag, "Hi, about my lamp");
        String chatCustomer = api.get("/api/v1/conversations/" + current).json().path("customerId").asText();
        String emailCustomer = api.get("/api/v1/conversations/" + old).json().path("customerId").asText();
        assertThat(api.post("/api/v1/customers/" + chatCustomer + "/merge",
                AgentApi.json("customerId", emailCustomer, "evidence", "same order number")).status()).isEqualTo(200);
        assertThat(memory.require(old).status()).as("continued in the chat's conversation").isEqualTo(ConversationStatus.RESOLVED);

        String answered = record(envelope(email, "<second-" + tag + "@example.com>", "Still flickering",
                new Threading("<second-" + tag + "@example.com>", first, List.of(first), null)));
        assertThat(answered).as("the thread's conversation, reopened").isEqualTo(old);
        assertThat(memory.require(old).status()).isNotEqualTo(ConversationStatus.RESOLVED);

        String unthreaded = record(envelope(email, "<third-" + tag + "@example.com>", "New topic", Threading.NONE));
        assertThat(unthreaded).as("no hint: the customer's current conversation").isEqualTo(current);

        String stranger = record(envelope("kim-" + tag.substring(0, 8) + "@example.com", "<fourth-" + tag + "@example.com>",
                "I reply to a thread that is not mine", new Threading(null, first, List.of(first), null)));
        assertThat(stranger).as("another customer's thread is never joined").isNotIn(old, current);
    }

    @Test
    void aThreadResolvedLongerAgoThanTheWindowIsNewBusinessAndAnAutomatonChangesNothing() {
        Instant resolvedAt = Instant.parse("2026-01-01T00:00:00Z");
        var limits = new Conversation.Limits(10, 1000);
        Conversation resolved = Conversation.start("conv", "cust", null, resolvedAt.minusSeconds(60))
                .append(turn("m1", Map.of()), resolvedAt.minusSeconds(60), limits).resolve(resolvedAt).unchanged();
        Duration window = Duration.ofHours(72);

        var late = new ConversationChange.AppendInbound("cust", null, turn("m2", Map.of()), resolvedAt.plus(Duration.ofDays(4)),
                window, limits, true).process(new AbstractMap.SimpleEntry<>("conv", resolved));
        assertThat(late.closed()).isTrue();

        var missing = new ConversationChange.AppendInbound("cust", null, turn("m3", Map.of()), resolvedAt, window, limits, true)
                .process(new AbstractMap.SimpleEntry<String, Conversation>("gone", null));
        assertThat(missing.closed()).as("a thread never starts a conversation of its own").isTrue();

        var entry = new AbstractMap.SimpleEntry<>("conv", resolved);
        var auto = new ConversationChange.AppendInbound("cust", null, turn("m4", Map.of(Envelope.AUTOMATED, "auto-reply")),
                resolvedAt.plusSeconds(60), window, limits, true).process(entry);
        assertThat(auto.appended().status()).isEqualTo(ConversationStatus.RESOLVED);
        assertThat(auto.appended().reopened()).isFalse();
        assertThat(auto.appended().needsDecision()).isFalse();
        assertThat(entry.getValue().turns()).hasSize(2);
    }

    private String record(Envelope envelope) {
        var exchange = producer.request("direct:inbound", e -> e.getMessage().setBody(envelope));
        assertThat(exchange.getException()).isNull();
        return exchange.getMessage().getHeader(EnvelopeHeaders.CONVERSATION_ID, String.class);
    }

    private static Envelope envelope(String from, String messageId, String text, Threading threading) {
        return new Envelope(UUID.randomUUID().toString(), "email", Direction.INBOUND, messageId, from, "support", text,
                null, List.of(), threading, null, Instant.now(), Map.of());
    }

    private static Turn turn(String providerId, Map<String, String> metadata) {
        return new Turn(0, UUID.randomUUID().toString(), Instant.parse("2026-01-01T00:00:00Z"), "email", Direction.INBOUND,
                Author.CUSTOMER, null, "email:a@example.com", "text", null, List.of(), providerId, null, false, null,
                metadata);
    }
}
