package io.switchboard.inbox;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.switchboard.conversation.ConversationMemory;
import io.switchboard.conversation.Turn;
import io.switchboard.conversation.TurnIndex;
import io.switchboard.responder.PersonalData;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps the search index ({@code search_term}) with the turns: the terms of a turn's text, an
 * e-mail's subject, its author's name and the customer's address, with the conversation's queue
 * (so a search for an agent of some queues passes over the others' turns), written in the
 * transaction that writes the turn or moves the conversation. Card numbers, IBANs and identity
 * numbers are masked first, so they are never found in clear; e-mail addresses and phone numbers
 * stay findable.
 */
@Component
class SearchIndex implements TurnIndex {

    private static final Logger log = LoggerFactory.getLogger(SearchIndex.class);
    private static final String PROGRESS = "search-index";
    private static final int BATCH = 500;

    private final JdbcTemplate jdbc;
    private final PersonalData personalData;
    // the memory writes turns through this index: looked up when the index is rebuilt, not before
    private final ObjectProvider<ConversationMemory> memory;
    private final ObjectProvider<HazelcastInstance> hazelcast;
    private final TransactionTemplate transactions;

    SearchIndex(JdbcTemplate jdbc, PersonalData personalData, ObjectProvider<ConversationMemory> memory,
                ObjectProvider<HazelcastInstance> hazelcast, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.personalData = personalData;
        this.memory = memory;
        this.hazelcast = hazelcast;
        this.transactions = transactions;
    }

    /**
     * Turns stored before the index existed (a database from an earlier version) are indexed once, in
     * the background, by one member at a time, in batches that record how far they got, so a restart
     * goes on where it stopped.
     */
    @EventListener(ApplicationReadyEvent.class)
    void indexEarlierTurns() {
        if ("done".equals(progress())) {
            return;
        }
        Thread thread = new Thread(this::backfill, "search-index-backfill");
        thread.setDaemon(true);
        thread.start();
    }

    /** Indexes every stored turn not indexed yet; returns how many it indexed. */
    long backfill() {
        IMap<String, String> locks = hazelcast.getObject().getMap(PROGRESS);
        if (!locks.tryLock("backfill")) {
            return 0;
        }
        long indexed = 0;
        try {
            String at = progress();
            if ("done".equals(at)) {
                return 0;
            }
            String conversation = at == null ? "" : at.substring(0, at.lastIndexOf(' '));
            long seq = at == null ? -1 : Long.parseLong(at.substring(at.lastIndexOf(' ') + 1));
            log.info("search index: indexing the turns stored before it{}", at == null ? "" : " (resuming)");
            while (true) {
                List<ConversationMemory.StoredTurn> batch = memory.getObject().storedTurnsAfter(conversation, seq, BATCH);
                if (batch.isEmpty()) {
                    break;
                }
                var last = batch.get(batch.size() - 1);
                String next = last.conversationId() + " " + last.turn().seq();
                transactions.executeWithoutResult(tx -> {
                    for (var stored : batch) {
                        // a turn written since the index existed has its terms already: replaced, never doubled
                        removed(stored.conversationId(), stored.turn().seq());
                        Set<String> terms = terms(stored.turn());
                        if (!terms.isEmpty()) {
                            insert(stored.conversationId(), stored.turn(), terms);
                        }
                    }
                    saveProgress(next);
                });
                indexed += batch.size();
                conversation = last.conversationId();
                seq = last.turn().seq();
            }
            saveProgress("done");
            log.info("search index: {} earlier turns indexed", indexed);
        } catch (RuntimeException e) {
            log.warn("search index: indexing earlier turns stopped after {} ({}); the next start goes on", indexed,
                    e.getClass().getSimpleName());
        } finally {
            locks.unlock("backfill");
        }
        return indexed;
    }

    private String progress() {
        return jdbc.queryForList("select entry_value from kv_entry where map_name = ? and entry_key = 'backfill'",
                String.class, PROGRESS).stream().findFirst().orElse(null);
    }

    private void saveProgress(String value) {
        Timestamp now = Timestamp.from(Instant.now());
        if (jdbc.update("update kv_entry set entry_value = ?, updated_at = ? where map_name = ? and entry_key = 'backfill'",
                value, now, PROGRESS) == 0) {
            jdbc.update("insert into kv_entry (map_name, entry_key, updated_at, entry_value) values (?, 'backfill', ?, ?)",
                    PROGRESS, now, value);
        }
    }

    @Override
    public void added(String conversationId, Turn turn) {
        Set<String> terms = terms(turn);
        if (terms.isEmpty()) {
            return;
        }
        // told only when the turn's row is new in this transaction: its terms cannot be there yet
        insert(conversationId, turn, terms);
    }

    private void insert(String conversationId, Turn turn, Set<String> terms) {
        Timestamp at = Timestamp.from(turn.at());
        List<Object[]> rows = new ArrayList<>(terms.size());
        terms.forEach(term -> rows.add(new Object[] {term, conversationId, turn.seq(), at, conversationId}));
        // with the conversation's queue as its row holds it (written before its turns)
        jdbc.batchUpdate("insert into search_term (term, conversation_id, seq, at, queue_name) "
                + "values (?, ?, ?, ?, (select queue_name from conversation where id = ?))", rows);
    }

    @Override
    public void queueChanged(String conversationId, String queue) {
        jdbc.update("update search_term set queue_name = ? where conversation_id = ?", queue, conversationId);
    }

    @Override
    public void removed(String conversationId, long seq) {
        jdbc.update("delete from search_term where conversation_id = ? and seq = ?", conversationId, seq);
    }

    @Override
    public void removedAll(String conversationId) {
        jdbc.update("delete from search_term where conversation_id = ?", conversationId);
    }

    /** What a turn is found by. */
    Set<String> terms(Turn turn) {
        var terms = new LinkedHashSet<String>();
        terms.addAll(SearchTerms.ofText(personalData.maskSecrets(turn.text())));
        terms.addAll(SearchTerms.ofText(personalData.maskSecrets(turn.subject())));
        terms.addAll(SearchTerms.ofText(turn.authorName()));
        if (turn.address() != null) {
            // channel:value, the value as the channel writes it (an e-mail address, +14155550123)
            terms.addAll(SearchTerms.ofText(turn.address().substring(turn.address().indexOf(':') + 1)));
        }
        return terms;
    }
}
