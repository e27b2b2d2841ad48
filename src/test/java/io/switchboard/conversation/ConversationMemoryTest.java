package io.switchboard.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.core.HazelcastInstance;
import io.switchboard.envelope.EnvelopeHeaders;
import io.switchboard.support.Inbound;
import java.util.ArrayList;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

@SpringBootTest(properties = "switchboard.conversation.hot-turns=5")
@ActiveProfiles("test")
class ConversationMemoryTest {

    @Autowired
    ProducerTemplate producer;

    @Autowired
    ConversationMemory memory;

    @Autowired
    HazelcastInstance hazelcast;

    @Autowired
    JdbcTemplate jdbc;

    Inbound inbound;
    String sender;

    @BeforeEach
    void setUp() {
        inbound = new Inbound(producer);
        sender = UUID.randomUUID() + "@example.com";
    }

    @Test
    void theSameProviderMessageDeliveredThreeTimesMakesOneTurn() {
        String first = inbound.record("email", "<dup-1@example.com>", sender, "Where is my parcel?");
        String second = inbound.record("email", "<dup-1@example.com>", sender, "Where is my parcel?");
        String third = inbound.record("email", "<dup-1@example.com>", sender, "Where is my parcel?");

        assertThat(second).isNull();
        assertThat(third).isNull();
        assertThat(memory.require(first).turns()).hasSize(1);
        assertThat(memory.turnCount(first)).isEqualTo(1);
    }

    @Test
    void concurrentDuplicatesStillMakeOneTurnAndNoneIsAcknowledgedWhileTheFirstIsInFlight() throws Exception {
        String from = String.format("+1555%07d", Math.abs(sender.hashCode() % 10_000_000));
        var pool = Executors.newFixedThreadPool(8);
        var results = new ArrayList<Future<Exchange>>();
        for (int i = 0; i < 8; i++) {
            results.add(pool.submit(() -> inbound.send("sms", "SM-race-" + sender, from, "hello")));
        }
        String conversation = null;
        for (Future<Exchange> f : results) {
            Exchange exchange = f.get();
            if (exchange.getException() != null) {
                // the first delivery was still being recorded: refused for now, to be sent again
                assertThat(exchange.getException()).isInstanceOf(MessageInFlightException.class);
                continue;
            }
            String id = exchange.getMessage().getHeader(EnvelopeHeaders.CONVERSATION_ID, String.class);
            if (id != null) {
                assertThat(conversation).as("only one delivery records a turn").isNull();
                conversation = id;
            }
        }
        pool.shutdown();
        assertThat(conversation).isNotNull();
        assertThat(inbound.record("sms", "SM-race-" + sender, from, "hello")).as("a later delivery is a duplicate").isNull();
        assertThat(memory.turnCount(conversation)).isEqualTo(1);
    }

    @Test
    void anAutomatedReplyToAConversationAPersonTookOverIsRefusedAndRecordsNothing() {
        String id = inbound.record("email", "<taken-" + sender + ">", sender, "Where is my parcel?");
        Inbound.awaitDecided(memory, id);
        memory.recordAgentReply(id, new ConversationMemory.Draft(Author.AGENT, "alice", "email", sender,
                "Let me check that for you.", null, false, Map.of()));
        long turns = memory.turnCount(id);

        assertThatThrownBy(() -> memory.recordAutomatedReply(id, new ConversationMemory.Draft(Author.AI, "assistant",
                "email", sender, "Parcels arrive in 3 days.", null, false, Map.of())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("only an open conversation");
        assertThat(memory.turnCount(id)).isEqualTo(turns);
    }

    @Test
    void memoryKeepsTheLastTurnsAndASummaryWhileTheStoreKeepsEveryTurn() {
        String id = null;
        for (int i = 1; i <= 12; i++) {
            id = inbound.record("email", "<m" + i + "-" + sender + ">", sender, "message number " + i);
        }
        Conversation c = memory.require(id);
        assertThat(c.turns()).extracting(Turn::seq).containsExactly(8L, 9L, 10L, 11L, 12L);
        assertThat(c.summarizedTurns()).isEqualTo(7);
        assertThat(c.summary()).contains("message number 1").contains("message number 7")
                .doesNotContain("message number 8");
        assertThat(memory.turnCount(id)).isEqualTo(12);
        assertThat(memory.history(id, 8, 3)).extracting(Turn::text)
                .containsExactly("message number 7", "message number 6", "message number 5");

        hazelcast.getMap("conversations").evict(id);
        Conversation reloaded = memory.require(id);
        assertThat(reloaded.turns()).extracting(Turn::seq).containsExactly(8L, 9L, 10L, 11L, 12L);
        assertThat(reloaded.summary()).isEqualTo(c.summary());
        assertThat(reloaded.nextSeq()).isEqualTo(13);
    }

    @Test
    void aMessageOnAResolvedConversationReopensItWithinTheWindow() {
        String id = inbound.record("email", "<r1-" + sender + ">", sender, "first");
        memory.resolve(id, "agent");
        String again = inbound.record("email", "<r2-" + sender + ">", sender, "one more thing");
        assertThat(again).isEqualTo(id);
        Inbound.awaitDecided(memory, id);
        assertThat(memory.require(id).status()).isEqualTo(ConversationStatus.QUEUED);
        assertThat(memory.require(id).turns()).hasSize(2);
    }

    @Test
    void illegalTransitionsAreRefused() {
        String id = inbound.record("email", "<t1-" + sender + ">", sender, "hi");
        memory.resolve(id, "agent");
        assertThatThrownBy(() -> memory.resolve(id, "agent")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("resolved");
        assertThatThrownBy(() -> memory.assign(id, "agent", "agent")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aFailedWriteLeavesMemoryAndStoreAsTheyWereAndTheRetryIsNotTakenForADuplicate() {
        String id = inbound.record("email", "<f1-" + sender + ">", sender, "before the outage");
        Conversation before = memory.require(id);

        jdbc.execute("alter table turn rename to turn_offline");
        try {
            var failed = inbound.send("email", "<f2-" + sender + ">", sender, "during the outage");
            assertThat(failed.getException()).isNotNull();
            assertThat(memory.require(id).turns()).hasSize(1);
            assertThat(memory.require(id).nextSeq()).isEqualTo(before.nextSeq());
        } finally {
            jdbc.execute("alter table turn_offline rename to turn");
        }
        assertThat(jdbc.queryForObject("select count(*) from turn where conversation_id = ?", Long.class, id))
                .isEqualTo(1);

        String retried = inbound.record("email", "<f2-" + sender + ">", sender, "during the outage");
        assertThat(retried).isEqualTo(id);
        assertThat(memory.require(id).turns()).extracting(Turn::text)
                .containsExactly("before the outage", "during the outage");
        assertThat(memory.turnCount(id)).isEqualTo(2);
    }
}
