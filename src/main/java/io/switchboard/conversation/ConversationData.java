package io.switchboard.conversation;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.switchboard.privacy.DataSubject;
import io.switchboard.privacy.PersonalDataHolder;
import io.switchboard.privacy.SubjectArchive;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The customer's conversations in an export or erasure: every turn on every channel (the running
 * summary, notes and drafts with them), and the keys their inbound messages were taken in by. An
 * erasure removes each conversation through the cluster's map, so memory, backups, the database rows
 * and the search index go together.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class ConversationData implements PersonalDataHolder {

    private final IMap<String, Conversation> conversations;
    private final IMap<String, String> inboundKeys;
    private final ConversationStore rows;
    private final TurnRepository turns;
    private final NamedParameterJdbcTemplate jdbc;

    ConversationData(HazelcastInstance hazelcast, ConversationStore rows, TurnRepository turns,
                     NamedParameterJdbcTemplate jdbc) {
        this.conversations = hazelcast.getMap(ConversationMemory.CONVERSATIONS);
        this.inboundKeys = hazelcast.getMap(InboundDuplicates.INBOUND_MESSAGE_IDS);
        this.rows = rows;
        this.turns = turns;
        this.jdbc = jdbc;
    }

    @Override
    public String kind() {
        return "conversations";
    }

    @Override
    public DataSubject widen(DataSubject subject) {
        Set<String> ids = new LinkedHashSet<>(jdbc.queryForList(
                "select id from conversation where customer_id in (:customers)",
                Map.of("customers", subject.customerIds()), String.class));
        Set<String> messages = new LinkedHashSet<>();
        Set<String> keys = new LinkedHashSet<>();
        Set<String> addresses = new LinkedHashSet<>();
        for (String id : ids) {
            for (Turn turn : turns.all(id)) {
                if (turn.movedTo() != null) {
                    continue; // moved to another customer's conversation by an unmerge: theirs now
                }
                messages.add(turn.id());
                turn.inboundKey().ifPresent(keys::add);
                if (turn.address() != null) {
                    addresses.add(turn.address());
                }
            }
        }
        return subject.withConversations(ids).withMessages(messages, keys).withAddresses(addresses);
    }

    @Override
    public void export(DataSubject subject, SubjectArchive archive) {
        for (String id : subject.conversationIds()) {
            // as written through (the map's copy is the same): an old conversation is not loaded into memory for this
            Conversation conversation = rows.load(id);
            if (conversation == null) {
                continue;
            }
            var document = new LinkedHashMap<String, Object>();
            document.put("conversation", conversation.withLoadedTurns(List.of()));
            document.put("turns", turns.all(id));
            archive.json("conversations/" + id + ".json", document);
        }
    }

    /** Deletes (without loading a cold conversation back into memory first) and counts what it asked to delete. */
    @Override
    public long erase(DataSubject subject) {
        subject.inboundKeys().forEach(inboundKeys::delete);
        subject.conversationIds().forEach(conversations::delete);
        return subject.inboundKeys().size() + subject.conversationIds().size();
    }
}
