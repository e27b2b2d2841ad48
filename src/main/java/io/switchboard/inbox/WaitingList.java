package io.switchboard.inbox;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Conversations waiting for an agent, shared by the cluster: highest priority first, then longest
 * waiting. An entry exists while its conversation is queued and nobody owns it.
 */
@Component
class WaitingList {

    static final String WAITING = "inbox-waiting";
    static final Comparator<WaitingEntry> ORDER = Comparator.comparingInt(WaitingEntry::priority).reversed()
            .thenComparing(WaitingEntry::enqueuedAt).thenComparing(WaitingEntry::conversationId);

    private final IMap<String, WaitingEntry> waiting;

    WaitingList(HazelcastInstance hazelcast) {
        this.waiting = hazelcast.getMap(WAITING);
    }

    /** Adds the entry unless one for the same queue is there already; returns what is there now. */
    WaitingEntry enter(WaitingEntry entry) {
        WaitingEntry existing = waiting.get(entry.conversationId());
        if (existing != null && existing.queue().equals(entry.queue())) {
            return existing;
        }
        waiting.set(entry.conversationId(), entry);
        return entry;
    }

    Optional<WaitingEntry> find(String conversationId) {
        return Optional.ofNullable(waiting.get(conversationId));
    }

    /** Removes the entry if there is one (a removal of nothing writes nothing to the store). */
    void leave(String conversationId) {
        waiting.executeOnKey(conversationId, new Leave());
    }

    /** Every waiting conversation, in the order agents get them. */
    List<WaitingEntry> inOrder() {
        return waiting.values().stream().sorted(ORDER).toList();
    }

    List<WaitingEntry> inOrder(Collection<String> queues) {
        return waiting.values().stream().filter(e -> queues.contains(e.queue())).sorted(ORDER).toList();
    }

    /** Raises its priority once; true only for the call that escalated it. */
    boolean escalate(String conversationId, int boost, Instant at) {
        return Boolean.TRUE.equals(waiting.executeOnKey(conversationId, new Escalate(boost, at)));
    }

    /** Records that the customer was told the queue is closed; true only for the call that recorded it. */
    boolean markNoticed(String conversationId, Instant at) {
        return Boolean.TRUE.equals(waiting.executeOnKey(conversationId, new Notice(at)));
    }

    record Leave() implements EntryProcessor<String, WaitingEntry, Void> {
        @Override
        public Void process(Map.Entry<String, WaitingEntry> entry) {
            if (entry.getValue() != null) {
                entry.setValue(null);
            }
            return null;
        }
    }

    record Escalate(int boost, Instant at) implements EntryProcessor<String, WaitingEntry, Boolean> {
        @Override
        public Boolean process(Map.Entry<String, WaitingEntry> entry) {
            if (entry.getValue() == null || entry.getValue().escalatedAt() != null) {
                return false;
            }
            entry.setValue(entry.getValue().escalated(boost, at));
            return true;
        }
    }

    record Notice(Instant at) implements EntryProcessor<String, WaitingEntry, Boolean> {
        @Override
        public Boolean process(Map.Entry<String, WaitingEntry> entry) {
            if (entry.getValue() == null || entry.getValue().closedNoticeAt() != null) {
                return false;
            }
            entry.setValue(entry.getValue().noticed(at));
            return true;
        }
    }
}
