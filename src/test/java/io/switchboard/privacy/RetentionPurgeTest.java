package io.switchboard.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.conversation.ConversationMemory;
import io.switchboard.customer.CustomerDirectory;
import io.switchboard.support.AgentApi;
import io.switchboard.support.Inbound;
import io.switchboard.support.MailClient;
import io.switchboard.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.CamelContext;
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
 * The retention purge with the gateway's clock in the test's hands: each kind goes when its window
 * has passed and not before, a customer under a legal hold keeps everything, and the KPI facts of a
 * removed conversation stay.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "switchboard.privacy.retention.closed-conversations=30d",
        "switchboard.privacy.retention.mail-originals=7d",
        "switchboard.privacy.retention.audit-events=60d",
        "switchboard.privacy.retention.identity-links=forever",
        "switchboard.privacy.purge-interval=3650d"})
@ActiveProfiles("test")
@Import(MutableClock.Config.class)
class RetentionPurgeTest {

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
    CustomerDirectory customers;

    @Autowired
    ProducerTemplate producer;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    CamelContext camel;

    @Autowired
    Environment environment;

    @Test
    void eachKindGoesWhenItsWindowHasPassedSparingHeldCustomersAndKpiFacts() {
        clock.set(Instant.now());
        assertThat(camel.getRoute("privacy-retention")).as("the route that runs it on one member").isNotNull();
        var mail = MailClient.of(environment);
        var inbound = new Inbound(producer);
        String marker = UUID.randomUUID().toString().substring(0, 8);
        String email = "ret-" + marker + "@customer.example";

        // a mail conversation, resolved now; a held customer's SMS conversation, resolved now; an open one
        mail.send(mail.compose(email, environment.getRequiredProperty("switchboard.email.address"), "Dryer",
                "The dryer " + marker + " squeaks"));
        String mailed = await().atMost(Duration.ofSeconds(20)).until(
                () -> AgentApi.asSupervisor(port).get("/api/v1/customers?address=email:" + email).status() == 200
                        ? AgentApi.asSupervisor(port).currentConversationOf("email:" + email) : null,
                id -> id != null);
        String mailId = jdbc.queryForObject("select id from mail_message where from_address = ?", String.class, email);
        String messageId = jdbc.queryForObject("select message_id from mail_message where id = ?", String.class, mailId);
        String held = inbound.record("sms", "SM" + UUID.randomUUID(), "+1415555" + (1000 + (int) (Math.random() * 8999)),
                "Held " + marker);
        String open = inbound.record("sms", "SM" + UUID.randomUUID(), "+1415556" + (1000 + (int) (Math.random() * 8999)),
                "Open " + marker);
        var reply = AgentApi.asAgent(port).post("/api/v1/conversations/" + mailed + "/replies",
                AgentApi.json("text", "We will look at the dryer"));
        assertThat(reply.status()).as(reply.body()).isLessThan(300);
        await().atMost(Duration.ofSeconds(20)).until(() -> rows(
                "select count(*) from outbox_message where conversation_id = ? and state = 'sent'", mailed) == 1);
        String mailCustomer = memory.require(mailed).customerId();
        String heldCustomer = memory.require(held).customerId();
        memory.resolve(mailed, "agent");
        memory.resolve(held, "agent");
        holds.place(rights.subject(heldCustomer), "litigation 7", "legal");
        await().atMost(Duration.ofSeconds(20)).until(() -> facts(mailed) == 1);
        assertThat(inboundKey("email:" + messageId)).isEqualTo(1);

        clock.advance(Duration.ofDays(6));
        assertThat(purge.run()).containsEntry("mail-originals", 0).containsEntry("conversations", 0)
                .containsEntry("mails", 0).doesNotContainKey("identity-links");

        clock.advance(Duration.ofDays(2));
        assertThat(purge.run()).containsEntry("mail-originals", 1).containsEntry("conversations", 0);
        assertThat(jdbc.queryForMap("select octet_length(original) as bytes, full_text from mail_message where id = ?",
                mailId)).containsEntry("BYTES", 0L).containsEntry("FULL_TEXT", null);
        assertThat(AgentApi.asSupervisor(port).get("/api/v1/conversations/" + mailed).body()).contains("squeaks");

        clock.advance(Duration.ofDays(23));
        assertThat(purge.run()).containsEntry("conversations", 1).containsEntry("mails", 1)
                .containsEntry("outbound-messages", 1);
        assertThat(memory.find(mailed)).isEmpty();
        assertThat(rows("select count(*) from turn where conversation_id = ?", mailed)).isZero();
        assertThat(rows("select count(*) from search_term where conversation_id = ?", mailed)).isZero();
        assertThat(rows("select count(*) from mail_message where id = ?", mailId)).as("its mail").isZero();
        assertThat(rows("select count(*) from outbox_message where conversation_id = ?", mailed)).as("its reply").isZero();
        assertThat(inboundKey("email:" + messageId)).isZero();
        assertThat(facts(mailed)).as("the KPI facts stay").isEqualTo(1);
        assertThat(customers.require(mailCustomer).currentConversationId()).isNotEqualTo(mailed);
        assertThat(memory.find(held)).as("under a legal hold").isPresent();
        assertThat(memory.find(open)).as("never resolved").isPresent();

        assertThat(rows("select count(*) from audit_event where subject_type = 'conversation' and subject_id = ?",
                mailed)).isPositive();
        clock.advance(Duration.ofDays(30));
        Map<String, Integer> late = purge.run();
        assertThat(late.get("audit-events")).isPositive();
        assertThat(rows("select count(*) from audit_event where subject_type = 'conversation' and subject_id = ?",
                mailed)).isZero();
        assertThat(rows("select count(*) from audit_event where subject_type = 'customer' and subject_id = ?",
                heldCustomer)).as("the held customer's").isPositive();
        assertThat(rows("select count(*) from audit_event where subject_type = 'conversation' and subject_id = ?",
                held)).as("the held customer's conversation's").isPositive();
    }

    private int facts(String conversation) {
        return rows("select count(*) from inbox_conversation_fact where conversation_id = ?", conversation);
    }

    private int inboundKey(String key) {
        return rows("select count(*) from kv_entry where map_name = 'inbound-message-ids' and entry_key = ?", key);
    }

    private int rows(String sql, String arg) {
        Integer n = jdbc.queryForObject(sql, Integer.class, arg);
        return n == null ? 0 : n;
    }
}
