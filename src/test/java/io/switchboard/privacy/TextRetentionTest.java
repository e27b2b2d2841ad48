package io.switchboard.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.conversation.ConversationMemory;
import io.switchboard.conversation.ConversationStatus;
import io.switchboard.envelope.Envelope;
import io.switchboard.envelope.EnvelopeHeaders;
import io.switchboard.support.AgentApi;
import io.switchboard.support.MailClient;
import io.switchboard.support.MutableClock;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * What was said has its own windows, in conversations that stay open: a call's transcript, a note and
 * a message each lose their text when their window has passed, whether the turn is still in memory or
 * only in the database, with the summary's lines, the search index, a mail's subject and the sent
 * message's outbox entry; the turn itself stays, the conversation goes on, and a held customer keeps
 * every word.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "switchboard.privacy.retention.transcripts=5d",
        "switchboard.privacy.retention.notes-and-drafts=10d",
        "switchboard.privacy.retention.message-text=20d",
        "switchboard.privacy.retention.closed-conversations=forever",
        "switchboard.privacy.retention.mail-originals=forever",
        "switchboard.privacy.retention.audit-events=forever",
        "switchboard.privacy.retention.identity-links=forever",
        "switchboard.privacy.purge-interval=3650d",
        "switchboard.conversation.hot-turns=3"})
@ActiveProfiles("test")
@Import(MutableClock.Config.class)
class TextRetentionTest {

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @Autowired
    RetentionPurge purge;

    @Autowired
    DataRights rights;

    @Autowired
    LegalHolds holds;

    @Autowired
    ConversationMemory memory;

    @Autowired
    ProducerTemplate producer;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Environment environment;

    @Autowired
    ObjectMapper json;

    @Test
    void eachKindOfTextGoesWhenItsWindowHasPassedAndTheConversationGoesOn() throws Exception {
        clock.set(Instant.now());
        String marker = UUID.randomUUID().toString().substring(0, 8);
        String phone = "+1415557" + (1000 + (int) (Math.random() * 8999));
        var agent = AgentApi.asAgent(port);

        // day 0: a message, a call, a note and the agent's reply in one conversation; a held customer's message
        String id = say("sms", phone, "My router " + marker + "alpha blinks red");
        String call = say("voice", phone, "Calling about invoice " + marker + "voice");
        assertThat(call).as("the call joins the same customer's conversation").isEqualTo(id);
        assertThat(agent.post("/api/v1/conversations/" + id + "/notes",
                AgentApi.json("text", "Customer sounds upset " + marker + "note")).status()).isEqualTo(201);
        String held = say("sms", "+1415558" + (1000 + (int) (Math.random() * 8999)), "Keep this " + marker + "held");
        holds.place(rights.subject(memory.require(held).customerId()), "litigation 9", "legal");
        // and a mail with the agent's answer, sent through the outbox
        var mail = MailClient.of(environment);
        String email = "text-" + marker + "@customer.example";
        mail.send(mail.compose(email, environment.getRequiredProperty("switchboard.email.address"),
                "Subject " + marker + "mailsubject", "The dryer " + marker + "mailtext squeaks"));
        String mailId = await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForList(
                "select id from mail_message where from_address = ?", String.class, email), ids -> ids.size() == 1).get(0);
        String mailed = AgentApi.asSupervisor(port).currentConversationOf("email:" + email);
        var reply = agent.post("/api/v1/conversations/" + mailed + "/replies",
                AgentApi.json("text", "We will oil the dryer " + marker + "reply"));
        assertThat(reply.status()).as(reply.body()).isLessThan(300);
        await().atMost(Duration.ofSeconds(20)).until(() -> count(
                "select count(*) from outbox_message where conversation_id = ? and state = 'sent'", mailed) == 1);
        assertThat(found(marker + "voice")).as("indexed while kept").isTrue();

        clock.advance(Duration.ofDays(6));
        var early = purge.run();
        assertThat(early.get("transcripts")).isPositive();
        assertThat(early).containsEntry("message-texts", 0).containsEntry("sent-messages", 0)
                .containsEntry("mail-texts", 0);
        assertThat(stored(id)).doesNotContain(marker + "voice").contains(marker + "alpha", marker + "note");
        assertThat(found(marker + "voice")).as("gone from search").isFalse();
        JsonNode callTurn = json.readTree(jdbc.queryForObject(
                "select data from turn where conversation_id = ? and channel = 'voice' and direction = 'inbound'",
                String.class, id));
        assertThat(callTurn.path("text").asText()).isEmpty();
        assertThat(callTurn.path("from").asText(callTurn.path("address").asText())).contains(phone);
        assertThat(callTurn.path("metadata").path("textRemoved").asText()).isEqualTo("transcripts");

        clock.advance(Duration.ofDays(5));
        assertThat(memory.require(id).turns()).as("the note is still in memory")
                .anySatisfy(t -> assertThat(t.text()).contains(marker + "note"));
        assertThat(purge.run().get("notes-and-drafts")).isPositive();
        assertThat(memory.require(id).turns()).noneSatisfy(t -> assertThat(t.text()).contains(marker + "note"));
        assertThat(stored(id)).doesNotContain(marker + "note").contains(marker + "alpha");
        assertThat(stored(mailed)).contains(marker + "reply", marker + "mailtext");

        // day 12: three more messages push day 0's turns out of memory (and into the summary)
        for (int i = 1; i <= 3; i++) {
            say("sms", phone, "Still blinking, try " + i + " " + marker + "later");
        }
        assertThat(memory.require(id).summary()).contains(marker + "alpha");
        assertThat(memory.require(id).turns()).allSatisfy(t -> assertThat(t.text()).contains(marker + "later"));

        clock.advance(Duration.ofDays(10));
        var removed = purge.run();
        assertThat(removed.get("message-texts")).as("the messages, the mail and the agent's reply")
                .isGreaterThanOrEqualTo(3);
        assertThat(removed).containsEntry("sent-messages", 1).containsEntry("mail-texts", 1);
        assertThat(stored(id)).doesNotContain(marker + "alpha").contains(marker + "later");
        assertThat(stored(mailed)).doesNotContain(marker + "reply", marker + "mailtext", marker + "mailsubject");
        assertThat(memory.require(id).summary()).doesNotContain(marker + "alpha");
        assertThat(found(marker + "alpha")).isFalse();
        assertThat(found(marker + "mailtext")).isFalse();
        assertThat(found(marker + "later")).as("what is younger stays findable").isTrue();
        assertThat(count("select count(*) from outbox_message where conversation_id = ?", mailed)).as("sent reply")
                .isZero();
        assertThat(jdbc.queryForMap("select subject, attachments, full_text from mail_message where id = ?", mailId))
                .containsEntry("SUBJECT", null).containsEntry("ATTACHMENTS", "[]").containsEntry("FULL_TEXT", null);
        assertThat(stored(held)).as("under a legal hold").contains(marker + "held");
        assertThat(count("select count(*) from turn where conversation_id = ? and text_removed_at is null", id))
                .as("the three younger messages").isEqualTo(3);
        assertThat(count("select count(*) from turn where conversation_id = ?", id))
                .as("every turn stays: the message, the call, the note and the three later ones").isEqualTo(6);
        assertThat(purge.run()).as("nothing twice").containsEntry("message-texts", 0).containsEntry("transcripts", 0);

        assertThat(memory.require(id).status()).isNotEqualTo(ConversationStatus.RESOLVED);
        assertThat(say("sms", phone, "Works now " + marker + "after")).isEqualTo(id);
        assertThat(stored(id)).contains(marker + "after");
    }

    private String say(String channel, String from, String text) {
        Envelope envelope = Envelope.inbound(channel, channel.toUpperCase() + UUID.randomUUID(), from, "support", text,
                clock.instant());
        Exchange exchange = producer.request("direct:inbound", e -> e.getMessage().setBody(envelope));
        assertThat(exchange.getException()).isNull();
        return exchange.getMessage().getHeader(EnvelopeHeaders.CONVERSATION_ID, String.class);
    }

    /** Every stored turn's data, as one text. */
    private String stored(String conversationId) {
        return String.join("\n", jdbc.queryForList("select data from turn where conversation_id = ?", String.class,
                conversationId));
    }

    private boolean found(String word) {
        return !AgentApi.asSupervisor(port).get("/api/v1/search?q=" + URLEncoder.encode(word, StandardCharsets.UTF_8))
                .json().path("hits").isEmpty();
    }

    private int count(String sql, String arg) {
        Integer n = jdbc.queryForObject(sql, Integer.class, arg);
        return n == null ? 0 : n;
    }
}
