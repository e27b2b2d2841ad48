package io.switchboard.inbox;

import io.switchboard.conversation.Turn;
import io.switchboard.conversation.TurnIndex;
import io.switchboard.responder.PersonalData;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps the search index ({@code search_term}) with the turns: the terms of a turn's text, an
 * e-mail's subject, its author's name and the customer's address, written in the transaction that
 * writes the turn. Card numbers, IBANs and identity numbers are masked first, so they are never
 * found in clear; e-mail addresses and phone numbers stay findable.
 */
@Component
class SearchIndex implements TurnIndex {

    private final JdbcTemplate jdbc;
    private final PersonalData personalData;

    SearchIndex(JdbcTemplate jdbc, PersonalData personalData) {
        this.jdbc = jdbc;
        this.personalData = personalData;
    }

    @Override
    public void added(String conversationId, Turn turn) {
        Set<String> terms = terms(turn);
        if (terms.isEmpty()) {
            return;
        }
        Timestamp at = Timestamp.from(turn.at());
        List<Object[]> rows = new ArrayList<>(terms.size());
        terms.forEach(term -> rows.add(new Object[] {term, conversationId, turn.seq(), at}));
        // a turn written again after a failed transaction's retry finds its terms gone with it; a
        // member repeating a write that did commit finds them there: replaced, never doubled
        jdbc.update("delete from search_term where conversation_id = ? and seq = ?", conversationId, turn.seq());
        jdbc.batchUpdate("insert into search_term (term, conversation_id, seq, at) values (?, ?, ?, ?)", rows);
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
