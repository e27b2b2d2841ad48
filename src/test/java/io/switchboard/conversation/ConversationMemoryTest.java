package io.switchboard.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.core.HazelcastInstance;
import io.switchboard.envelope.Direction;
import io.switchboard.envelope.EnvelopeHeaders;
import io.switchboard.support.Inbound;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
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
import org.springframework.transaction.support.TransactionTemplate;

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

    @Autowired
    TurnRepository turnRepository;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    ObjectMapper json;

    @Autowired
    Clock clock;

    @Autowired
    ConversationProperties properties;

    /**
     * The other side of a network split (or a member whose last write missed its backup) recorded a
     * turn this member's copy does not hold: the store refuses this copy's write at that number, the
     * member reads the conversation again and records its turn after the other side's; both stay.
     */
    @Test
    void aCopyBehindTheDatabaseIsReadAgainInsteadOfOverwritingTheOtherSidesTurn() {
        String conversationId = inbound.record("email", "<fence-1@example.com>", sender, "First question");
        Conversation here = memory.require(conversationId);
        assertThat(here.nextSeq()).isEqualTo(2);

        var otherSide = new ConversationStore(jdbc, turnRepository, transactions, json, clock, properties);
        Turn theirs = new Turn(0, UUID.randomUUID().toString(), clock.instant(), "email", Direction.INBOUND,
                Author.CUSTOMER, null, sender, "Recorded on the other side", null, List.of(), null, null, false, null,
                Map.of());
        otherSide.store(conversationId, here.append(theirs, clock.instant(), properties.limits()));

        inbound.record("email", "<fence-2@example.com>", sender, "Recorded on this side");

        Conversation after = memory.require(conversationId);
        assertThat(after.turns()).extracting(Turn::seq, Turn::text).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1L, "First question"),
                org.assertj.core.groups.Tuple.tuple(2L, "Recorded on the other side"),
                org.assertj.core.groups.Tuple.tuple(3L, "Recorded on this side"));
        assertThat(jdbc.queryForObject("select count(*) from turn where conversation_id = ?", Integer.class,
                conversationId)).isEqualTo(3);
    }

    @Test
    void aStoredTurnIsNeverReplacedByAnotherTurnAtItsNumber() {
        String conversationId = inbound.record("email", "<fence-3@example.com>", sender, "Kept");
        Turn stored = memory.require(conversationId).turns().get(0);
        Turn another = new Turn(stored.seq(), UUID.randomUUID().toString(), clock.instant(), "email",
                Direction.INBOUND, Author.CUSTOMER, null, sender, "Would replace it", null, List.of(), null, null, false,
                null, Map.of());

        assertThatThrownBy(() -> transactions.executeWithoutResult(tx -> turnRepository.save(conversationId, another)))
                .isInstanceOf(ConversationChangedElsewhereException.class);
        transactions.executeWithoutResult(tx -> turnRepository.save(conversationId, stored.withAddress("edited@example.com")));
        assertThat(turnRepository.latest(conversationId, 5)).extracting(Turn::text, Turn::address)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Kept", "edited@example.com"));
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
