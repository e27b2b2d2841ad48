package io.switchboard.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hazelcast.config.Config;
import com.hazelcast.config.MapStoreConfig;
import com.hazelcast.map.MapStoreAdapter;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.switchboard.support.Gateways;
import io.switchboard.support.Inbound;
import io.switchboard.support.MutableClock;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A message's key is durable only once the message is recorded: an instance that dies in between
 * leaves nothing that would drop the provider's next delivery as a duplicate, and nothing is recorded
 * twice.
 */
class InboundMessageIdsTest {

    @TempDir
    Path dataDir;

    @Test
    void aKeyPendingOnALiveMemberIsRefusedForNowAndOneLeftByADeadMemberIsTakenOver() {
        String cluster = "ids-" + UUID.randomUUID();
        int portA = Gateways.freePort();
        int portB = Gateways.freePort();
        HazelcastInstance a = Hazelcast.newHazelcastInstance(member(cluster, portA, portB));
        HazelcastInstance b = Hazelcast.newHazelcastInstance(member(cluster, portB, portA));
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> b.getCluster().getMembers().size() == 2);
            var clockOfB = new MutableClock();
            clockOfB.set(Instant.now());
            var onA = new InboundMessageIds(a, "ids", Clock.systemUTC());
            var onB = new InboundMessageIds(b, "ids", clockOfB);

            assertThat(onA.add("sms:SM-1")).isTrue();
            assertThatThrownBy(() -> onB.add("sms:SM-1")).as("pending on a live member: neither taken in nor a duplicate")
                    .isInstanceOf(MessageInFlightException.class);
            assertThat(InboundMessageIds.durable(b.getMap("ids").get("sms:SM-1"))).isFalse();

            // a key let go (its message was not recorded) is gone from memory, whatever the database does
            assertThat(onA.add("sms:SM-3")).isTrue();
            assertThat(onA.remove("sms:SM-3")).isTrue();
            assertThat(onB.add("sms:SM-3")).as("taken in on the next delivery").isTrue();
            // and one its live member never let go is taken over once it has been pending too long
            clockOfB.advance(InboundMessageIds.ABANDONED_AFTER.plusSeconds(1));
            assertThat(onB.add("sms:SM-1")).as("pending for longer than any recording takes").isTrue();
            assertThat(onA.add("sms:SM-4")).isTrue();

            // the database goes away between the turn and its key: the key is done in memory all the same
            assertThat(onA.add("sms:SM-5")).isTrue();
            DATABASE_AWAY.set(true);
            try {
                assertThat(onA.confirm("sms:SM-5")).isTrue();
            } finally {
                DATABASE_AWAY.set(false);
            }
            assertThat(onB.add("sms:SM-5")).as("a retry of the acknowledged message is a duplicate").isFalse();

            assertThat(onA.add("sms:SM-2")).isTrue();
            onA.confirm("sms:SM-2");
            assertThat(InboundMessageIds.durable(b.getMap("ids").get("sms:SM-2"))).isTrue();

            a.getLifecycleService().terminate();
            await().atMost(Duration.ofSeconds(30)).until(() -> b.getCluster().getMembers().size() == 1);

            assertThat(onB.add("sms:SM-4")).as("left pending by a member that died").isTrue();
            assertThatThrownBy(() -> onB.add("sms:SM-4")).as("now pending on the survivor")
                    .isInstanceOf(MessageInFlightException.class);
            assertThat(onB.add("sms:SM-2")).as("recorded before the member died").isFalse();
        } finally {
            b.getLifecycleService().terminate();
            a.getLifecycleService().terminate();
        }
    }

    @Test
    void aMessageTakenButNotRecordedBeforeAStopIsRecordedOnTheNextDeliveryAndOneRecordedButNotConfirmedOnlyOnce() {
        String[] settings = {"spring.datasource.url=jdbc:h2:file:" + dataDir.resolve("db/switchboard"),
                "switchboard.data-dir=" + dataDir, "switchboard.cluster.name=ids-" + UUID.randomUUID()};
        String sender = "+1555" + (1_000_000 + (int) (Math.random() * 8_000_000));
        String recorded;

        ConfigurableApplicationContext before = Gateways.start(settings);
        try {
            var inbound = new Inbound(before.getBean(ProducerTemplate.class));
            JdbcTemplate jdbc = before.getBean(JdbcTemplate.class);
            recorded = inbound.record("sms", "SM-recorded-" + sender, sender, "first");
            assertThat(keys(jdbc, "sms:SM-recorded-" + sender)).containsExactly("\"done\"");

            // the instance takes the key of the next message, then stops before recording it
            InboundMessageIds ids = before.getBean(InboundMessageIds.class);
            assertThat(ids.add("sms:SM-cut-" + sender)).isTrue();
            assertThat(keys(jdbc, "sms:SM-cut-" + sender)).isEmpty();

            // and one more is recorded, but the instance stops before its key is marked done
            inbound.record("sms", "SM-unconfirmed-" + sender, sender, "third");
            before.getBean(HazelcastInstance.class).getMap(InboundDuplicates.INBOUND_MESSAGE_IDS)
                    .delete("sms:SM-unconfirmed-" + sender);
            jdbc.update("delete from kv_entry where entry_key = ?", "sms:SM-unconfirmed-" + sender);
            // a key as earlier versions wrote it
            jdbc.update("insert into kv_entry (map_name, entry_key, updated_at, entry_value) values (?, ?, ?, 'true')",
                    InboundDuplicates.INBOUND_MESSAGE_IDS, "sms:SM-legacy-" + sender, Timestamp.from(Instant.now()));
        } finally {
            before.close();
        }

        ConfigurableApplicationContext after = Gateways.start(settings);
        try {
            var inbound = new Inbound(after.getBean(ProducerTemplate.class));
            JdbcTemplate jdbc = after.getBean(JdbcTemplate.class);
            assertThat(inbound.record("sms", "SM-cut-" + sender, sender, "second")).isEqualTo(recorded);
            assertThat(inbound.record("sms", "SM-unconfirmed-" + sender, sender, "third")).isEqualTo(recorded);
            assertThat(inbound.send("sms", "SM-recorded-" + sender, sender, "first").getException()).isNull();
            assertThat(inbound.send("sms", "SM-legacy-" + sender, sender, "earlier").getException()).isNull();

            assertThat(jdbc.queryForList("select provider_message_id from turn where conversation_id = ? order by seq", String.class,
                    recorded)).containsExactly("SM-recorded-" + sender, "SM-unconfirmed-" + sender, "SM-cut-" + sender);
            assertThat(keys(jdbc, "sms:SM-cut-" + sender)).containsExactly("\"done\"");
            assertThat(keys(jdbc, "sms:SM-unconfirmed-" + sender)).containsExactly("\"done\"");
        } finally {
            after.close();
        }
    }

    private static List<String> keys(JdbcTemplate jdbc, String key) {
        return jdbc.queryForList("select entry_value from kv_entry where map_name = ? and entry_key = ?", String.class,
                InboundDuplicates.INBOUND_MESSAGE_IDS, key);
    }

    /** While true, the test members' key store fails every write, as with the database away. */
    private static final AtomicBoolean DATABASE_AWAY = new AtomicBoolean();

    private static Config member(String cluster, int port, int peer) {
        Config config = new Config().setClusterName(cluster);
        config.getMapConfig("ids").setMapStoreConfig(new MapStoreConfig().setEnabled(true).setImplementation(
                new MapStoreAdapter<String, String>() {
                    @Override
                    public void store(String key, String value) {
                        if (DATABASE_AWAY.get()) {
                            throw new IllegalStateException("the database is away");
                        }
                    }
                }));
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.getJetConfig().setEnabled(false);
        config.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
        var join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(List.of("127.0.0.1:" + port, "127.0.0.1:" + peer));
        return config;
    }
}
