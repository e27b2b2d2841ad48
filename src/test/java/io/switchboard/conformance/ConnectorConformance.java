package io.switchboard.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.support.AgentApi;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every connector must do, as a test an integrator extends in a few lines: start a gateway with
 * the connector configured against a stand-in of the provider, and say how the provider speaks (the
 * abstract methods, each over the provider's real protocol). The cases: a normal message, the same
 * message delivered twice, unicode and emoji, an attachment (where the channel carries them),
 * oversize, malformed, missing or wrong authentication (each refused, nothing stored), a reply sent,
 * a reply that fails for a moment (retried, sent once), a reply refused for good (not retried), and
 * receipts, in order and out of order (a status never moves back).
 *
 * <p>What a channel cannot do by its nature it declares, and the cases it makes meaningless are
 * skipped as assumptions, never passed: a source without a sink ({@link #sendsReplies()}), a sink
 * whose sends cannot fail ({@link #sendsCanFail()}: the web chat keeps a reply in the visitor's
 * history), receipts the provider never sends ({@link #receipts()}), and a channel on which anyone may
 * write, whose sender's authentication is a fact about the message rather than a condition for taking
 * it ({@link #unauthenticated()}: e-mail keeps a mail that fails DMARC, apart and marked unverified).
 *
 * <p>The gateway must run with a short outbox backoff ({@code switchboard.delivery.outbox.initial-backoff}
 * of a few hundred milliseconds) so the retry cases settle in seconds.
 */
public abstract class ConnectorConformance {

    /** Why a connector did not take a message in. */
    public enum Refusal { INVALID, TOO_LARGE, UNAUTHENTICATED, RETRY_LATER }

    /**
     * How a provider's delivery went: taken, or refused and why. A connector that answers over HTTP
     * says it with its status ({@link #http}); one that files what it refuses (a mailbox's quarantine
     * folder) says it with the reason it filed it under.
     */
    public record Delivery(boolean taken, Refusal refusal, String detail) {

        public static Delivery accepted() {
            return new Delivery(true, null, "taken");
        }

        public static Delivery refused(Refusal why, String detail) {
            return new Delivery(false, why, detail);
        }

        /** A webhook's answer: 2xx taken, 401/403 unauthenticated, 413 too large, other 4xx invalid, else later. */
        public static Delivery http(int status) {
            String detail = "HTTP " + status;
            if (status >= 200 && status < 300) {
                return new Delivery(true, null, detail);
            }
            if (status == 401 || status == 403) {
                return refused(Refusal.UNAUTHENTICATED, detail);
            }
            if (status == 413) {
                return refused(Refusal.TOO_LARGE, detail);
            }
            return refused(status >= 400 && status < 500 && status != 429 ? Refusal.INVALID : Refusal.RETRY_LATER, detail);
        }
    }

    /** What a connector does with a message whose sender fails authentication. */
    public enum Unauthenticated {
        /** Refuses it: the provider signs what it delivers (a webhook), so an unsigned message is nobody's. */
        REFUSED,
        /**
         * Keeps it apart, marked unverified: anyone may write on the channel and the message may be a
         * customer's own (a mail that fails DMARC), so it is neither lost nor joined to the address's customer.
         */
        KEPT_UNVERIFIED
    }

    /** How the provider answers the gateway's next send to an address. */
    public enum Outcome { ACCEPT, FAIL_ONCE_THEN_ACCEPT, REFUSE }

    /** What a provider reports about a message it was given. */
    public enum Report { SENT, DELIVERED, FAILED }

    // ---- what the connector under test provides

    /** The channel id. */
    protected abstract String channel();

    /** The agent API of the gateway under test. */
    protected abstract AgentApi api();

    /** A sender nobody used before, as the channel writes it (a phone number, a user id). */
    protected abstract String newSender();

    /** The provider delivers a message, signed or authenticated as it does. */
    protected abstract Delivery deliver(String providerId, String from, String text);

    /** The provider delivers a message with an attachment; only asked where {@link #carriesAttachments()}. */
    protected Delivery deliverWithAttachment(String providerId, String from, String text) {
        throw new UnsupportedOperationException();
    }

    /** Whether the channel carries attachments: as the gateway says its connector declares it. */
    protected boolean carriesAttachments() {
        return declared().path("capabilities").path("attachments").asBoolean();
    }

    /** What the connector does with a message that fails authentication; webhooks refuse it. */
    protected Unauthenticated unauthenticated() {
        return Unauthenticated.REFUSED;
    }

    /** Whether the channel carries replies (a source only, such as transcripts from another system, does not). */
    protected boolean sendsReplies() {
        return true;
    }

    /** Whether a send can fail for a moment or be refused (a provider can); a chat reply waits in the history. */
    protected boolean sendsCanFail() {
        return true;
    }

    /** The receipts the provider reports, which {@link #report} can make it send. */
    protected Set<Report> receipts() {
        return EnumSet.allOf(Report.class);
    }

    /** A message as the provider would deliver it, but without or with wrong authentication. */
    protected abstract Delivery deliverUnauthenticated(String providerId, String from, String text);

    /** A request the provider would never send: not a message at all. */
    protected abstract Delivery deliverMalformed(String from);

    /** A message over the connector's size limit. */
    protected abstract Delivery deliverOversize(String providerId, String from);

    /** The provider's answer to the gateway's sends to {@code to} from now on. */
    protected abstract void providerWill(Outcome outcome, String to);

    /** The texts the provider accepted for {@code to}, oldest first. */
    protected abstract List<String> acceptedFor(String to);

    /** Requests the gateway made to the provider for {@code to}, accepted or not. */
    protected abstract int attemptsFor(String to);

    /** The provider reports on the message it accepted for {@code to} with this text. */
    protected abstract void report(String to, String text, Report report);

    // ---- the cases

    @Test
    void aMessageIsOneTurnOnItsChannel() {
        String from = newSender();
        assertThat(deliver(id(), from, "Where is my parcel?").taken()).isTrue();
        JsonNode turns = awaitTurns(from, 1);
        assertThat(turns.get(0).path("channel").asText()).isEqualTo(channel());
        assertThat(turns.get(0).path("text").asText()).isEqualTo("Where is my parcel?");
    }

    @Test
    void theSameMessageDeliveredTwiceIsOneTurn() {
        String from = newSender();
        String id = id();
        assertThat(deliver(id, from, "Only once, please.").taken()).isTrue();
        assertThat(deliver(id, from, "Only once, please.").taken()).as("a duplicate is acknowledged").isTrue();
        awaitTurns(from, 1);
        assertThat(inboundTurns(from)).hasSize(1);
    }

    @Test
    void unicodeAndEmojiArriveAsWritten() {
        String from = newSender();
        String text = "Grüße aus Zürich 👋🏽 — ¿qué tal? 你好";
        deliver(id(), from, text);
        assertThat(awaitTurns(from, 1).get(0).path("text").asText()).isEqualTo(text);
    }

    @Test
    void anAttachmentIsKeptAsAReference() {
        assumeThat(carriesAttachments()).as("the channel declares no attachments").isTrue();
        String from = newSender();
        deliverWithAttachment(id(), from, "Photo of the damage");
        assertThat(awaitTurns(from, 1).get(0).path("attachments").size()).isPositive();
    }

    @Test
    void anOversizeMessageIsRefusedAndNothingIsStored() {
        String from = newSender();
        Delivery refused = deliverOversize(id(), from);
        assertThat(refused.taken()).as(refused.detail()).isFalse();
        assertThat(refused.refusal()).as(refused.detail()).isIn(Refusal.TOO_LARGE, Refusal.INVALID);
        assertNothingStoredFor(from);
    }

    @Test
    void aMalformedRequestIsRefusedAndNothingIsStored() {
        String from = newSender();
        Delivery refused = deliverMalformed(from);
        assertThat(refused.taken()).as(refused.detail()).isFalse();
        assertThat(refused.refusal()).as(refused.detail()).isEqualTo(Refusal.INVALID);
        assertNothingStoredFor(from);
    }

    @Test
    void aMessageWithoutValidAuthenticationIsRefusedAndNothingIsStored() {
        assumeThat(unauthenticated()).as("the channel keeps such a message apart").isEqualTo(Unauthenticated.REFUSED);
        String from = newSender();
        Delivery refused = deliverUnauthenticated(id(), from, "Let me in");
        assertThat(refused.taken()).as(refused.detail()).isFalse();
        assertThat(refused.refusal()).as(refused.detail()).isEqualTo(Refusal.UNAUTHENTICATED);
        assertNothingStoredFor(from);
    }

    @Test
    void aMessageWithoutValidAuthenticationIsKeptApartAndMarkedUnverified() {
        assumeThat(unauthenticated()).as("the channel refuses such a message").isEqualTo(Unauthenticated.KEPT_UNVERIFIED);
        String from = conversingSender();
        String text = "Unverified " + id();
        assertThat(deliverUnauthenticated(id(), from, text).taken()).isTrue();
        await().atMost(Duration.ofSeconds(20)).until(() -> conversationWith(text) != null);
        JsonNode apart = api().get("/api/v1/conversations/" + conversationWith(text)).json();
        assertThat(apart.path("unverified").asText()).as("marked unverified").isNotBlank();
        assertThat(apart.path("id").asText()).as("not joined to the address's customer").isNotEqualTo(conversationOf(from));
        assertThat(inboundTurns(from)).extracting(turn -> turn.path("text").asText()).doesNotContain(text);
    }

    @Test
    void aReplyIsSentOnceAndRecordedAsSent() {
        assumeThat(sendsReplies()).as("the channel carries no replies").isTrue();
        String from = conversingSender();
        reply(from, "Your parcel is on its way.");
        await().atMost(Duration.ofSeconds(20)).until(() -> acceptedFor(from).contains("Your parcel is on its way."));
        await().atMost(Duration.ofSeconds(10)).until(() -> delivery(from, "Your parcel is on its way.")
                .matches("sent|delivered"));
        assertThat(acceptedFor(from)).containsOnlyOnce("Your parcel is on its way.");
    }

    @Test
    void aReplyThatFailsForAMomentIsRetriedAndSentOnce() {
        assumeThat(sendsReplies() && sendsCanFail()).as("the channel's sends cannot fail").isTrue();
        String from = conversingSender();
        providerWill(Outcome.FAIL_ONCE_THEN_ACCEPT, from);
        reply(from, "Second time lucky.");
        await().atMost(Duration.ofSeconds(30)).until(() -> acceptedFor(from).contains("Second time lucky."));
        assertThat(attemptsFor(from)).as("one failed try, one accepted").isGreaterThanOrEqualTo(2);
        assertThat(acceptedFor(from)).containsOnlyOnce("Second time lucky.");
    }

    @Test
    void aReplyRefusedForGoodIsNotRetried() {
        assumeThat(sendsReplies() && sendsCanFail()).as("the channel's sends cannot be refused").isTrue();
        String from = conversingSender();
        providerWill(Outcome.REFUSE, from);
        reply(from, "This one is refused.");
        await().atMost(Duration.ofSeconds(20)).until(() -> delivery(from, "This one is refused.").equals("failed"));
        assertThat(attemptsFor(from)).isEqualTo(1);
        // the outbox retries within a few hundred milliseconds here: a refusal must stay at one try for 1.5 s
        // on end (the count only grows, so a retry fails this however long atMost is; 3 s was once too
        // short for the 1.5 s to be observed on a loaded machine)
        await().during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(10)).until(() -> attemptsFor(from) == 1);
        assertThat(acceptedFor(from)).doesNotContain("This one is refused.");
    }

    @Test
    void receiptsMoveADeliveryForwardOnlyWhateverTheirOrder() {
        assumeThat(sendsReplies() && receipts().containsAll(Set.of(Report.SENT, Report.DELIVERED)))
                .as("the provider reports no 'sent' and 'delivered'").isTrue();
        String from = conversingSender();
        reply(from, "Tracking: 7781.");
        await().atMost(Duration.ofSeconds(20)).until(() -> acceptedFor(from).contains("Tracking: 7781."));
        report(from, "Tracking: 7781.", Report.DELIVERED);
        await().atMost(Duration.ofSeconds(10)).until(() -> delivery(from, "Tracking: 7781.").equals("delivered"));
        report(from, "Tracking: 7781.", Report.SENT);
        assertThat(delivery(from, "Tracking: 7781.")).as("a late 'sent' does not move it back").isEqualTo("delivered");
    }

    @Test
    void aFailureReportMarksTheDeliveryFailed() {
        assumeThat(sendsReplies() && receipts().contains(Report.FAILED)).as("the provider reports no failures").isTrue();
        String from = conversingSender();
        reply(from, "This one will bounce.");
        await().atMost(Duration.ofSeconds(20)).until(() -> acceptedFor(from).contains("This one will bounce."));
        await().atMost(Duration.ofSeconds(10)).until(() -> delivery(from, "This one will bounce.").matches("sent|delivered"));
        report(from, "This one will bounce.", Report.FAILED);
        await().atMost(Duration.ofSeconds(20)).until(() -> delivery(from, "This one will bounce.").equals("failed"));
    }

    @Test
    void theChannelIsDeclaredWithTheReceiptsItsProviderSends() {
        JsonNode declared = declared();
        assertThat(declared.path("channel").asText()).isEqualTo(channel());
        assumeThat(sendsReplies()).as("a source only: nothing sent, nothing reported").isTrue();
        assertThat(declared.path("canSend").asBoolean()).as("a sink that can send now").isTrue();
        var reported = new java.util.ArrayList<String>();
        declared.path("capabilities").path("receipts").forEach(r -> reported.add(r.asText()));
        assertThat(reported).as("receipts declared").containsAll(receipts().stream()
                .map(r -> r.name().toLowerCase(java.util.Locale.ROOT)).toList());
    }

    @Test
    void aReplyLongerThanTheChannelCarriesIsNeverSentWhole() {
        int max = declared().path("capabilities").path("maxTextLength").asInt();
        assumeThat(sendsReplies() && max > 0).as("the channel declares no length limit").isTrue();
        String from = conversingSender();
        var words = new StringBuilder();
        while (words.length() <= max + 200) {
            words.append("Your replacement part ships from the warehouse on Monday. ");
        }
        String text = words.toString().strip();
        var answer = api().post("/api/v1/conversations/" + conversationOf(from) + "/replies",
                AgentApi.json("text", text, "channel", channel()));
        if (declared().path("splits").asBoolean()) {
            assertThat(answer.status()).as(answer.body()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(20)).until(() -> acceptedFor(from).size() >= 2);
            assertThat(acceptedFor(from)).as("sent as several messages, each within the limit")
                    .allMatch(part -> part.codePointCount(0, part.length()) <= max).doesNotContain(text);
        } else {
            assertThat(answer.status()).as(answer.body()).isEqualTo(400);
            assertThat(answer.json().path("detail").asText()).contains(String.valueOf(max)).contains(channel());
            assertThat(delivery(from, text)).as("nothing recorded").isEmpty();
            assertThat(acceptedFor(from)).doesNotContain(text);
        }
    }

    // ---- helpers

    /** The channel as the gateway declares it (its entry in {@code GET /api/v1/channels}). */
    protected JsonNode declared() {
        var channels = api().get("/api/v1/channels");
        assertThat(channels.status()).as(channels.body()).isEqualTo(200);
        for (JsonNode declared : channels.json()) {
            if (declared.path("channel").asText().equals(channel())) {
                return declared;
            }
        }
        throw new AssertionError(channel() + " is not declared: " + channels.body());
    }

    /** The conversation one of whose turns has exactly this text, among those the agent sees. */
    private String conversationWith(String text) {
        for (JsonNode item : api().get("/api/v1/conversations?limit=500").json()) {
            String id = item.path("id").asText();
            for (JsonNode turn : api().get("/api/v1/conversations/" + id).json().path("turns")) {
                if (turn.path("text").asText().equals(text)) {
                    return id;
                }
            }
        }
        return null;
    }

    /** A sender whose message started a conversation, so replies have somewhere to go. */
    private String conversingSender() {
        String from = newSender();
        assertThat(deliver(id(), from, "Hello, anyone there?").taken()).isTrue();
        awaitTurns(from, 1);
        return from;
    }

    private void reply(String from, String text) {
        var answer = api().post("/api/v1/conversations/" + conversationOf(from) + "/replies",
                AgentApi.json("text", text, "channel", channel()));
        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
    }

    private String delivery(String from, String text) {
        for (JsonNode turn : api().get("/api/v1/conversations/" + conversationOf(from)).json().path("turns")) {
            if (turn.path("text").asText().equals(text)) {
                return turn.path("delivery").path("status").asText();
            }
        }
        return "";
    }

    private JsonNode awaitTurns(String from, int count) {
        await().atMost(Duration.ofSeconds(20)).until(() -> inboundTurns(from).size() >= count);
        return api().get("/api/v1/conversations/" + conversationOf(from)).json().path("turns");
    }

    private List<JsonNode> inboundTurns(String from) {
        String conversation = conversationOf(from);
        if (conversation == null) {
            return List.of();
        }
        var inbound = new java.util.ArrayList<JsonNode>();
        api().get("/api/v1/conversations/" + conversation).json().path("turns").forEach(turn -> {
            if (turn.path("direction").asText().equalsIgnoreCase("inbound")) {
                inbound.add(turn);
            }
        });
        return inbound;
    }

    private String conversationOf(String from) {
        var found = api().get("/api/v1/customers?address=" + address(from));
        return found.status() == 200 ? found.json().path("customer").path("currentConversationId").asText() : null;
    }

    private void assertNothingStoredFor(String from) {
        assertThat(api().get("/api/v1/customers?address=" + address(from)).status()).isEqualTo(404);
    }

    private String address(String from) {
        return java.net.URLEncoder.encode(channel() + ":" + from, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }
}
