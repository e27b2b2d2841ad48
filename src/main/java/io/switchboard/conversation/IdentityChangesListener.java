package io.switchboard.conversation;

import io.switchboard.customer.Address;
import io.switchboard.customer.Customer;
import io.switchboard.customer.CustomerDirectory;
import io.switchboard.customer.CustomerEvents;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps conversations in step with identity changes: a merge brings the merged customer's open
 * conversation along; an unmerge or unlink moves the messages that arrived on the returned
 * addresses back to their customer.
 */
@Component
class IdentityChangesListener {

    private static final Logger log = LoggerFactory.getLogger(IdentityChangesListener.class);

    private final ConversationMemory memory;
    private final CustomerDirectory customers;
    private final TurnRepository turns;
    private final Clock clock;

    IdentityChangesListener(ConversationMemory memory, CustomerDirectory customers, TurnRepository turns, Clock clock) {
        this.memory = memory;
        this.customers = customers;
        this.turns = turns;
        this.clock = clock;
    }

    @EventListener
    void merged(CustomerEvents.Merged merged) {
        String sourceConversation = merged.sourceConversationId();
        if (sourceConversation == null || memory.find(sourceConversation).isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        Customer target = customers.require(merged.targetCustomerId());
        var targetConversation = target.currentConversationId() == null ? null
                : memory.find(target.currentConversationId()).filter(c -> c.status() != ConversationStatus.RESOLVED)
                .orElse(null);
        if (targetConversation == null) {
            memory.change(sourceConversation, new ConversationChange.Reown(target.id(), now));
            customers.adoptConversation(target.id(), sourceConversation);
            return;
        }
        memory.recordNote(targetConversation.id(), note("Customer " + merged.sourceCustomerId()
                + " was merged into this customer; their earlier conversation is " + sourceConversation + "."));
        memory.recordNote(sourceConversation, note("Customer merged into " + target.id()
                + "; the conversation continues in " + targetConversation.id() + "."));
        if (memory.require(sourceConversation).status() != ConversationStatus.RESOLVED) {
            memory.resolve(sourceConversation, merged.actor());
        }
    }

    @EventListener
    void addressesMoved(CustomerEvents.AddressesMoved moved) {
        if (moved.since() == null || moved.addresses().isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        Set<String> addresses = moved.addresses().stream().map(Address::toString).collect(Collectors.toSet());
        Map<String, List<Turn>> bySource = new LinkedHashMap<>();
        for (TurnRepository.Located located : turns.onAddressesSince(moved.fromCustomerId(), addresses, moved.since())) {
            bySource.computeIfAbsent(located.conversationId(), k -> new ArrayList<>()).add(located.turn());
        }
        if (bySource.isEmpty()) {
            return;
        }
        Customer to = customers.require(moved.toCustomerId());
        String target = to.currentConversationId();
        if (target == null || memory.find(target).map(c -> c.status() == ConversationStatus.RESOLVED).orElse(false)) {
            String fresh = UUID.randomUUID().toString();
            to = customers.replaceConversation(to.id(), target, fresh);
            target = to.currentConversationId();
        }

        var movedTurns = new ArrayList<Turn>();
        for (var source : bySource.entrySet()) {
            List<Turn> hot = memory.change(source.getKey(),
                    new ConversationChange.MarkMoved(addresses, moved.since(), target, now));
            var hotSeqs = hot.stream().map(Turn::seq).collect(Collectors.toSet());
            for (Turn cold : source.getValue()) {
                if (!hotSeqs.contains(cold.seq())) {
                    turns.save(source.getKey(), cold.movedTo(target));
                }
            }
            movedTurns.addAll(source.getValue());
            memory.recordNote(source.getKey(), note(source.getValue().size() + " message(s) on "
                    + moved.addresses().stream().map(Address::masked).collect(Collectors.joining(", "))
                    + " moved to conversation " + target + " after an unmerge."));
        }
        movedTurns.sort(Comparator.comparing(Turn::at).thenComparing(Turn::seq));
        memory.change(target, new ConversationChange.AppendMoved(to.id(), to.previousConversationId(),
                movedTurns, String.join(",", bySource.keySet()), now, memory.properties().limits()));
        log.info("moved {} turn(s) from customer {} to {} after an unmerge", movedTurns.size(),
                moved.fromCustomerId(), to.id());
    }

    private static ConversationMemory.Draft note(String text) {
        return new ConversationMemory.Draft(Author.SYSTEM, "switchboard", null, null, text, null, true, Map.of());
    }
}
