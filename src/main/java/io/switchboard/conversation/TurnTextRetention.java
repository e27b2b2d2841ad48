package io.switchboard.conversation;

import io.switchboard.privacy.RetainedData;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What was said, kind by kind, in every conversation (open ones too): a turn's text, subject and
 * attachment list go when its window has passed ({@code message-text}, {@code transcripts},
 * {@code notes-and-drafts}); the turn stays (who, when, which channel, delivery), marked
 * {@link Turn#TEXT_REMOVED}, and leaves the search index. Turns held in memory change through the
 * conversation's map, with the summary's lines of that age; older ones in the database only.
 */
@Configuration(proxyBeanMethods = false)
class TurnTextRetention {

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 1)
    RetainedData messageText(Texts texts) {
        return texts.of(Turn.MESSAGE_TEXT, "message-texts");
    }

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 1)
    RetainedData transcripts(Texts texts) {
        return texts.of(Turn.TRANSCRIPTS, "transcripts");
    }

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 1)
    RetainedData notesAndDrafts(Texts texts) {
        return texts.of(Turn.NOTES_AND_DRAFTS, "notes-and-drafts");
    }

    @Bean
    Texts turnTexts(ConversationMemory memory, TurnRepository turns, NamedParameterJdbcTemplate jdbc,
                    TransactionTemplate transactions, ConversationProperties properties, Clock clock) {
        return new Texts(memory, turns, jdbc, transactions, properties, clock);
    }

    /** The purge of one kind of text, shared by the three windows. */
    record Texts(ConversationMemory memory, TurnRepository turns, NamedParameterJdbcTemplate jdbc,
                 TransactionTemplate transactions, ConversationProperties properties, Clock clock) {

        RetainedData of(String kind, String items) {
            return RetainedData.of(kind, items, (cutoff, heldCustomers, batch) ->
                    remove(kind, cutoff, heldCustomers, batch));
        }

        private int remove(String kind, Instant cutoff, Set<String> heldCustomers, int batch) {
            var due = new LinkedHashMap<String, List<Long>>();
            var idle = new ArrayList<String>();
            Instant reopenable = clock.instant().minus(properties.reopenWindow());
            jdbc.query("""
                    select t.conversation_id, t.seq, c.status, c.resolved_at
                    from turn t join conversation c on c.id = t.conversation_id
                    where t.text_kind = :kind and t.text_removed_at is null and t.at < :cutoff
                      and c.customer_id not in (:held)
                    order by t.at fetch first :batch rows only""",
                    Map.of("kind", kind, "cutoff", Timestamp.from(cutoff), "batch", batch,
                            "held", RetainedData.inList(heldCustomers)),
                    rs -> {
                        String id = rs.getString("conversation_id");
                        due.computeIfAbsent(id, k -> new ArrayList<>()).add(rs.getLong("seq"));
                        Timestamp resolved = rs.getTimestamp("resolved_at");
                        if ("resolved".equals(rs.getString("status")) && resolved != null
                                && resolved.toInstant().isBefore(reopenable) && !idle.contains(id)) {
                            idle.add(id);
                        }
                    });
            int removed = 0;
            for (var conversation : due.entrySet()) {
                String id = conversation.getKey();
                long firstHot = memory.change(id, new ConversationChange.RemoveText(kind, cutoff));
                // turns before the hot window only live in the database; the window only moves on,
                // so none of these comes back into memory meanwhile
                var cold = conversation.getValue().stream().filter(seq -> seq < firstHot).toList();
                if (!cold.isEmpty()) {
                    transactions.executeWithoutResult(tx -> cold.forEach(seq -> turns.removeText(id, seq)));
                }
                removed += conversation.getValue().size();
                if (idle.contains(id)) {
                    // read in only for this: a conversation nobody can reopen stays out of memory
                    memory.map().evict(id);
                }
            }
            return removed;
        }
    }
}
