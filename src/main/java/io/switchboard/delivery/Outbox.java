package io.switchboard.delivery;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.camel.util.ObjectHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The durable outbox every instance shares: a Hazelcast map written through to the database.
 * Finished messages leave memory (their rows stay, so a repeated enqueue still finds them); what is
 * in memory is what still has to go out.
 */
@Component("outbox")
class Outbox {

    static final String MAP = "outbox";

    private static final Logger log = LoggerFactory.getLogger(Outbox.class);
    /** Stored messages looked at per sweep. */
    private static final int SWEEP_BATCH = 500;

    private final IMap<OutboxKey, OutboxEntry> entries;
    private final OutboxStore rows;
    private final DeliveryProperties.Outbox settings;
    private final Clock clock;

    Outbox(HazelcastInstance hazelcast, OutboxStore rows, DeliveryProperties properties, Clock clock) {
        this.entries = hazelcast.getMap(MAP);
        this.rows = rows;
        this.settings = properties.outbox();
        this.clock = clock;
    }

    /**
     * Adds a message (the last step of the {@code reply} route); a message with the same key is never
     * added twice. Returns what the outbox holds.
     */
    public OutboxEntry enqueue(OutboxEntry entry) {
        return entries.executeOnKey(entry.id(), new OutboxChange.Enqueue(entry));
    }

    /**
     * Messages this member should try now, per conversation in turn order: each list stops before
     * the first message that is not due, so a conversation's replies never overtake each other.
     */
    List<List<OutboxKey>> dueBatches() {
        Instant now = clock.instant();
        Map<String, List<OutboxEntry>> byConversation = new LinkedHashMap<>();
        for (OutboxKey key : entries.localKeySet()) {
            OutboxEntry entry = entries.get(key);
            if (entry != null && !entry.state().finished()) {
                byConversation.computeIfAbsent(entry.conversationId(), c -> new ArrayList<>()).add(entry);
            }
        }
        var batches = new ArrayList<List<OutboxKey>>();
        for (List<OutboxEntry> unfinished : byConversation.values()) {
            unfinished.sort(Comparator.comparingLong(OutboxEntry::seq).thenComparing(OutboxEntry::createdAt));
            var due = new ArrayList<OutboxKey>();
            for (OutboxEntry entry : unfinished) {
                if (!entry.due(now)) {
                    break;
                }
                due.add(entry.id());
            }
            if (!due.isEmpty()) {
                batches.add(due);
            }
        }
        return batches;
    }

    /** The claimed message, when it was due and nobody else holds it. */
    Optional<OutboxEntry> claim(OutboxKey key) {
        Instant now = clock.instant();
        return Optional.ofNullable(change(key,
                new OutboxChange.Claim(UUID.randomUUID().toString(), now, now.plus(settings.lease()))));
    }

    Optional<OutboxEntry> partAccepted(OutboxEntry claimed, String providerId) {
        return underLease(claimed, new OutboxChange.PartAccepted(providerId, clock.instant()));
    }

    /**
     * Records what the provider accepted straight in the database, for when the map cannot take the
     * write (this member lost its quorum, a member left mid-operation) but the database is there.
     * Safe without the map: the row is fenced by the lease this member holds. The copy in memory is
     * behind from then on; its next write is refused and it is dropped, so the part is not sent again.
     */
    void partAcceptedInDatabase(OutboxEntry claimed, String providerId) {
        rows.store(claimed.id(), claimed.partAccepted(providerId, clock.instant()));
    }

    Optional<OutboxEntry> retry(OutboxEntry claimed, Instant next, String error) {
        return underLease(claimed, new OutboxChange.Retry(next, error, clock.instant()));
    }

    Optional<OutboxEntry> dead(OutboxEntry claimed, String error) {
        return underLease(claimed, new OutboxChange.Dead(error, clock.instant()));
    }

    /**
     * Brings back into memory the unfinished messages that are stored but in no member's memory, so
     * their owner sends them. That happens when a member dies between writing a message through to
     * the database and copying it to its backup. Called on one member (the {@code outbox-sweep}
     * route); looks only at messages unchanged for {@code idle}, so it never races a message being
     * enqueued. Returns how many it brought back.
     */
    public int recoverStranded(Duration idle) {
        int recovered = 0;
        for (OutboxKey key : rows.unfinishedUnchangedSince(clock.instant().minus(idle), SWEEP_BATCH)) {
            if (entries.getEntryView(key) != null) {
                continue;
            }
            OutboxEntry loaded = entries.get(key);
            if (loaded == null || loaded.state().finished()) {
                entries.evict(key);
            } else {
                recovered++;
                log.warn("outbox message {} of conversation {} was stored but in no member's memory; brought back",
                        loaded.seq(), loaded.conversationId());
            }
        }
        return recovered;
    }

    /** Messages this member still has to send (finished ones have left memory). */
    int unfinishedLocally() {
        return entries.localKeySet().size();
    }

    /**
     * Runs a change on the message's key; null when the database holds the message as finished or
     * under another member's lease, in which case this member's copy (behind) leaves memory; the
     * outbox sweep brings the message back from the database if it still has to go out.
     */
    private OutboxEntry change(OutboxKey key, EntryProcessor<OutboxKey, OutboxEntry, OutboxEntry> change) {
        try {
            return entries.executeOnKey(key, change);
        } catch (RuntimeException e) {
            if (ObjectHelper.getException(OutboxChangedElsewhereException.class, e) == null) {
                throw e;
            }
            log.warn("outbox message {} of conversation {}: finished or held by another member; this copy is dropped",
                    key.turnId(), key.conversationId());
            entries.evict(key);
            return null;
        }
    }

    /** Records the outcome while the lease holds; empty when it was lost. A finished message leaves memory. */
    private Optional<OutboxEntry> underLease(OutboxEntry claimed, OutboxChange.Outcome outcome) {
        OutboxEntry entry = change(claimed.id(), new OutboxChange.UnderLease(claimed.lease(), outcome));
        if (entry != null && entry.state().finished()) {
            entries.evict(claimed.id());
        }
        return Optional.ofNullable(entry);
    }
}
