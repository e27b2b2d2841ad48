package io.switchboard.conversation;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys of the customer messages already taken in, for Camel's idempotent consumer, shared by the
 * cluster and durable across restarts. A key is taken in two steps so that an acknowledged message is
 * never dropped as a duplicate of one that was not recorded:
 * <ul>
 * <li>{@link #add} takes the key in memory only, marked with the member recording the message. A
 * second delivery meanwhile, on any instance, is refused with {@link MessageInFlightException}, not
 * dropped as a duplicate: the first try may still fail, and a provider told "received" would never
 * send the message again;</li>
 * <li>{@link #confirm}, once the exchange is complete (the turn is in the database), marks it done,
 * and only then is it written to the database.</li>
 * </ul>
 * A key still pending on a member that has left the cluster (it died before recording the message),
 * or pending for longer than any recording takes, is taken over by the next delivery. A turn recorded just before such a death is not recorded twice:
 * its id follows from the same provider message id ({@link io.switchboard.envelope.Envelope#inbound}),
 * and a conversation adds a turn id once. Camel's {@code HazelcastIdempotentRepository} writes the key
 * through before the message is recorded, and holds a cluster lock around every step.
 */
public class InboundMessageIds extends ServiceSupport implements IdempotentRepository {

    /** The value of a key whose message is recorded. */
    static final String DONE = "done";
    /**
     * The value of a key being recorded, followed by the recording member's UUID and the time it was
     * taken (epoch milliseconds); never written to the database.
     */
    static final String PENDING = "pending ";
    /** Longer than any recording takes: the provider gave up on the request long before. */
    static final Duration ABANDONED_AFTER = Duration.ofSeconds(60);

    private static final Logger log = LoggerFactory.getLogger(InboundMessageIds.class);

    private final HazelcastInstance hazelcast;
    private final IMap<String, String> ids;
    private final Clock clock;

    InboundMessageIds(HazelcastInstance hazelcast, String mapName, Clock clock) {
        this.hazelcast = hazelcast;
        this.ids = hazelcast.getMap(mapName);
        this.clock = clock;
    }

    /** Whether the database keeps this value: a key is durable once its message is recorded. */
    static boolean durable(Object value) {
        return !(value instanceof String s && s.startsWith(PENDING));
    }

    @Override
    public boolean add(String key) {
        String mine = PENDING + hazelcast.getCluster().getLocalMember().getUuid() + " " + clock.millis();
        String held = ids.putIfAbsent(key, mine);
        if (held == null) {
            return true;
        }
        if (!held.startsWith(PENDING)) {
            return false;
        }
        if (abandoned(held) && ids.replace(key, held, mine)) {
            log.info("a message left unrecorded by a departed member, or pending for over {} s, is taken in now",
                    ABANDONED_AFTER.toSeconds());
            return true;
        }
        throw new MessageInFlightException();
    }

    /**
     * A pending key whose member has left the cluster, or that has been pending longer than any
     * recording takes (its member could not let it go: {@link #remove} failed, or the process hung).
     */
    private boolean abandoned(String pending) {
        String[] parts = pending.substring(PENDING.length()).split(" ");
        if (departed(parts[0])) {
            return true;
        }
        try {
            return parts.length > 1 && clock.millis() - Long.parseLong(parts[1]) > ABANDONED_AFTER.toMillis();
        } catch (NumberFormatException notATime) {
            return false;
        }
    }

    private boolean departed(String memberUuid) {
        for (Member member : hazelcast.getCluster().getMembers()) {
            if (member.getUuid().toString().equals(memberUuid)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean contains(String key) {
        return ids.containsKey(key);
    }

    /**
     * Marks the key of a recorded message done, through to the database. When that write fails (the
     * database went away just after the turn was written) the key is marked done in memory only, so a
     * retry of the acknowledged message is still a duplicate instead of waiting out a pending key.
     */
    @Override
    public boolean confirm(String key) {
        try {
            ids.set(key, DONE);
        } catch (RuntimeException e) {
            log.warn("a recorded message's key could not be written ({}); kept in memory only", e.getClass().getSimpleName());
            ids.putTransient(key, DONE, 0, TimeUnit.SECONDS);
        }
        return true;
    }

    /**
     * Lets the key of a message that was not recorded go, from memory only: a pending key was never
     * written to the database, so this works while the database is away (a delete through the map
     * store would fail then, and the key would stay pending).
     */
    @Override
    public boolean remove(String key) {
        boolean held = ids.containsKey(key);
        ids.evict(key);
        return held;
    }

    @Override
    public void clear() {
        ids.clear();
    }
}
