package io.switchboard.inbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.conversation.ConversationStatus;
import io.switchboard.conversation.Turn;
import io.switchboard.customer.Customer;
import io.switchboard.customer.CustomerDirectory;
import io.switchboard.responder.PersonalData;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Finds conversations by what was said in them: every term typed must be in one turn (its text,
 * subject, sender's name or address; see {@link SearchTerms}), newest match first, one hit per
 * conversation with the latest matching turn as its snippet. Only conversations the caller may open
 * are looked at (the SQL filters by their queues and assignee, and each hit is checked again), so a
 * snippet never comes from one they may not open.
 */
@Component
class ConversationSearch {

    static final int MAX_LIMIT = 100;
    private static final int SNIPPET_CHARS = 160;

    private final NamedParameterJdbcTemplate jdbc;
    private final CustomerDirectory customers;
    private final InboxViews views;
    private final PersonalData personalData;
    private final ObjectMapper json;

    ConversationSearch(NamedParameterJdbcTemplate jdbc, CustomerDirectory customers,
                       InboxViews views, PersonalData personalData, ObjectMapper json) {
        this.json = json;
        this.jdbc = jdbc;
        this.customers = customers;
        this.views = views;
        this.personalData = personalData;
    }

    /**
     * What to look for; every filter may be left out.
     *
     * @param q          the words, an order number, a phone number or an e-mail address
     * @param channel    only matches in turns on this channel
     * @param queue      only conversations in this queue
     * @param status     only conversations with this status
     * @param intent     only conversations whose latest decision saw this intent
     * @param unverified only conversations of customers the channel could not vouch for
     * @param from       only matches at or after
     * @param to         only matches before
     */
    record Query(String q, String channel, String queue, ConversationStatus status, String intent, boolean unverified,
                 Instant from, Instant to, int limit, String cursor) {
    }

    /** A stretch of a snippet that matched, by character offsets: shown highlighted, as text. */
    record Highlight(int start, int end) {
    }

    record Snippet(long seq, String author, String channel, Instant at, String text, List<Highlight> highlights) {
    }

    record Hit(String conversationId, String customerId, String customer, ConversationStatus status, String queue,
               String assignee, String channel, Instant at, String unverified, Snippet snippet) {
    }

    /** A page of hits; {@code next} asks for the following page, null at the end. */
    record Page(List<Hit> hits, String next) {
    }

    Page search(Query query, InboxAccess.Viewer viewer) {
        Set<String> terms = SearchTerms.ofQuery(query.q());
        if (terms.isEmpty()) {
            throw new IllegalArgumentException("q needs a word, a number or an address to look for (words such as "
                    + "'the' or 'please', in nearly every message, are not looked for)");
        }
        if (terms.size() > 12) {
            throw new IllegalArgumentException("q may have at most 12 words");
        }
        int limit = Math.max(1, Math.min(query.limit(), MAX_LIMIT));
        Cursor cursor = Cursor.parse(query.cursor());
        String driving = rarest(terms);
        var hits = new ArrayList<Hit>();
        // one more than a page, to know whether another follows: each matching turn read costs a lookup
        // per other word, so reading ahead is what two rarely-meeting words pay for. The filter on the
        // customer (an unverified sender) and a conversation the caller may no longer open can leave a
        // chunk short of a page: the next chunks read further, larger
        int chunk = limit + 1;
        while (true) {
            List<Candidate> candidates = candidates(driving, terms, query, viewer, cursor, chunk);
            for (int i = 0; i < candidates.size(); i++) {
                Candidate c = candidates.get(i);
                cursor = new Cursor(c.at(), c.conversationId(), c.seq());
                hit(c, terms, query, viewer).ifPresent(hits::add);
                if (hits.size() == limit) {
                    boolean more = i < candidates.size() - 1 || candidates.size() == chunk;
                    return new Page(hits, more ? cursor.encode() : null);
                }
            }
            if (candidates.size() < chunk) {
                return new Page(hits, null);
            }
            chunk = Math.min(chunk * 2, MAX_LIMIT * 4);
        }
    }

    /** A matching turn (its conversation, time, position and stored form) with its conversation's columns. */
    private record Candidate(String conversationId, Instant at, long seq, String customerId, String status,
                             String queue, String assignee, String turn) {
    }

    /** The term with the fewest turns (counted up to a bound): the scan follows it, the others are looked up. */
    private String rarest(Set<String> terms) {
        if (terms.size() == 1) {
            return terms.iterator().next();
        }
        String rarest = null;
        long fewest = Long.MAX_VALUE;
        for (String term : terms) {
            Long n = jdbc.queryForObject("select count(*) from (select 1 from search_term where term = :term limit 2001) x",
                    Map.of("term", term), Long.class);
            if (n != null && n < fewest) {
                fewest = n;
                rarest = term;
            }
        }
        return rarest;
    }

    /**
     * Matching turns, newest first, after the cursor: the driving term's turns read backwards in time
     * from its index (and those of the conversations assigned to the caller, by conversation), each
     * kept when it lies in a conversation the caller may open, passes the filters, has every other
     * term, and is its conversation's last such turn (so a conversation comes once, at its latest
     * match, across pages too). The conditions go cheapest first: the index's own columns, then a
     * lookup by key per turn.
     */
    private List<Candidate> candidates(String driving, Set<String> terms, Query query, InboxAccess.Viewer viewer,
                                       Cursor cursor, int limit) {
        var args = new HashMap<String, Object>();
        args.put("drive", driving);
        var where = new ArrayList<String>();
        if (cursor != null) {
            args.put("cAt", Timestamp.from(cursor.at()));
            args.put("cId", cursor.conversationId());
            args.put("cSeq", cursor.seq());
            where.add("(s.at < :cAt or (s.at = :cAt and (s.conversation_id < :cId "
                    + "or (s.conversation_id = :cId and s.seq < :cSeq))))");
        }
        // the filters on the matching turn itself, for the turn read and for its conversation's later ones
        var sameTurn = new ArrayList<String>();
        if (query.from() != null) {
            sameTurn.add("%1$s.at >= :from");
            args.put("from", Timestamp.from(query.from()));
        }
        if (query.to() != null) {
            sameTurn.add("%1$s.at < :to");
            args.put("to", Timestamp.from(query.to()));
        }
        if (query.queue() != null) {
            where.add("s.queue_name = :queue");
            args.put("queue", query.queue());
        }
        // what the caller may open, each part read on its own and the parts merged: a queue as the index
        // keeps it is checked on the index itself, so other queues' turns are passed over unread (an "or"
        // with the caller's own conversations would read each of them); those assigned to the caller are
        // read by conversation. Each hit is checked again.
        var scopes = new ArrayList<String>();
        if (viewer.supervisor()) {
            scopes.add("s.term = :drive");
        } else {
            if (!viewer.queues().isEmpty()) {
                scopes.add("s.term = :drive and s.queue_name in (:queues)");
                args.put("queues", viewer.queues());
            }
            if (viewer.unqueued()) {
                scopes.add("s.term = :drive and s.queue_name is null");
            }
            // by conversation, then by key: the term compared as text so that no plan reads every turn
            // of the term instead, to keep the few of the caller's conversations
            scopes.add("concat(s.term, '') = :drive and s.conversation_id in "
                    + "(select a.id from conversation a where a.assignee = :me)");
            args.put("me", viewer.username());
        }
        if (query.status() != null) {
            where.add("c.status = :status");
            args.put("status", query.status().wireName());
        }
        if (query.intent() != null) {
            // as the KPIs know it: the intent routing saw last
            where.add("(select count(*) from inbox_conversation_fact f where f.conversation_id = s.conversation_id "
                    + "and f.intent = :intent) > 0");
            args.put("intent", query.intent());
        }
        if (query.channel() != null) {
            sameTurn.add("(select count(*) from turn %1$sc where %1$sc.conversation_id = %1$s.conversation_id "
                    + "and %1$sc.seq = %1$s.seq and %1$sc.channel = :channel) > 0");
            args.put("channel", query.channel());
        }
        var others = new ArrayList<String>();
        for (String term : terms) {
            if (!term.equals(driving)) {
                args.put("t" + others.size(), term);
                others.add("t" + others.size());
            }
        }
        sameTurn.add(hasAll("%1$s", others));
        sameTurn.forEach(condition -> where.add(condition.formatted("s")));
        // no later turn of the conversation matches (by position: its rows are read by key from here on;
        // the term is compared as text so that no plan walks every turn of that term instead)
        where.add("(select count(*) from search_term n where n.conversation_id = s.conversation_id and n.seq > s.seq "
                + "and concat(n.term, '') = :drive" + sameTurn.stream().map(c -> " and " + c.formatted("n"))
                .collect(Collectors.joining()) + ") = 0");
        args.put("limit", limit);
        var parts = new ArrayList<String>();
        for (String scope : scopes) {
            parts.add("select s.conversation_id, s.seq, s.at, c.customer_id, c.status, c.queue_name, c.assignee, "
                    + "t.data from search_term s join conversation c on c.id = s.conversation_id "
                    + "join turn t on t.conversation_id = s.conversation_id and t.seq = s.seq "
                    + "where " + scope + " and " + String.join(" and ", where)
                    // the constant term leads the order so that H2 reads it off the index too, as PostgreSQL does
                    + " order by s.term, s.at desc, s.conversation_id desc, s.seq desc limit :limit");
        }
        // a conversation both in the caller's queue and assigned to them comes from two parts: once
        String sql = parts.size() == 1 ? parts.get(0) : "select * from (" + parts.stream().map(part -> "(" + part + ")")
                .collect(Collectors.joining(" union ")) + ") x order by x.at desc, x.conversation_id desc, x.seq desc "
                + "limit :limit";
        return jdbc.query(sql, args, (rs, n) -> new Candidate(rs.getString("conversation_id"),
                rs.getTimestamp("at").toInstant(), rs.getLong("seq"), rs.getString("customer_id"), rs.getString("status"),
                rs.getString("queue_name"), rs.getString("assignee"), rs.getString("data")));
    }

    /**
     * The turn of alias {@code row} has every one of the other terms (named parameters): a lookup by key
     * per turn read, written as a scalar subquery so that PostgreSQL probes it row by row as the scan
     * goes instead of joining every turn of the other term first (an {@code exists} becomes such a join:
     * two words over a million turns took 375 ms at p95 that way, 158 ms probing; see the README).
     */
    private static String hasAll(String row, List<String> others) {
        if (others.isEmpty()) {
            return "1 = 1";
        }
        var all = new ArrayList<String>();
        for (String name : others) {
            all.add("(select count(*) from search_term o where o.term = :" + name + " and o.conversation_id = "
                    + row + ".conversation_id and o.seq = " + row + ".seq) > 0");
        }
        return String.join(" and ", all);
    }

    /**
     * The hit a matching turn makes, read from the rows the search joined (a conversation found is not
     * loaded into the cluster's memory for it), or none when the caller may not open it after all or a
     * filter on the conversation or its customer leaves it out.
     */
    private Optional<Hit> hit(Candidate candidate, Set<String> terms, Query query, InboxAccess.Viewer viewer) {
        if (!viewer.sees(candidate.queue(), candidate.assignee())) {
            return Optional.empty();
        }
        String unverified = customers.find(candidate.customerId()).map(Customer::unverified).orElse(null);
        if (query.unverified() && unverified == null) {
            return Optional.empty();
        }
        Turn turn;
        try {
            turn = json.readValue(candidate.turn(), Turn.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read a stored turn", e);
        }
        return Optional.of(new Hit(candidate.conversationId(), candidate.customerId(),
                views.customerLabel(candidate.customerId()), ConversationStatus.fromWire(candidate.status()),
                candidate.queue(), candidate.assignee(), turn.channel(), candidate.at(), unverified, snippet(turn, terms)));
    }

    /** The matching turn's text (or subject) around its first match, with what matched marked. */
    Snippet snippet(Turn turn, Set<String> terms) {
        String text = personalData.maskSecrets(turn.text() == null ? "" : turn.text());
        List<Highlight> all = highlights(text, terms);
        if (all.isEmpty() && turn.subject() != null) {
            String subject = personalData.maskSecrets(turn.subject());
            if (!highlights(subject, terms).isEmpty()) {
                text = subject;
                all = highlights(subject, terms);
            }
        }
        int start = 0;
        if (!all.isEmpty() && all.get(0).start() > SNIPPET_CHARS / 3) {
            start = Math.max(0, all.get(0).start() - SNIPPET_CHARS / 3);
            while (start > 0 && !Character.isWhitespace(text.charAt(start - 1))) {
                start++;
                if (start >= all.get(0).start()) {
                    break;
                }
            }
        }
        int first = start;
        int end = Math.min(text.length(), start + SNIPPET_CHARS);
        String prefix = start > 0 ? "…" : "";
        String window = prefix + text.substring(start, end) + (end < text.length() ? "…" : "");
        int shift = prefix.length() - start;
        List<Highlight> shown = all.stream().filter(h -> h.start() >= first && h.end() <= end)
                .map(h -> new Highlight(h.start() + shift, h.end() + shift)).toList();
        return new Snippet(turn.seq(), turn.author().wireName(), turn.channel(), turn.at(), window, shown);
    }

    /** Where in {@code text} the terms are: words, e-mail addresses and phone numbers, as indexed. */
    static List<Highlight> highlights(String text, Set<String> terms) {
        var found = new ArrayList<Highlight>();
        Matcher email = SearchTerms.EMAIL.matcher(text);
        while (email.find()) {
            if (terms.contains(SearchTerms.fold(email.group()))) {
                found.add(new Highlight(email.start(), email.end()));
            }
        }
        Matcher phone = SearchTerms.PHONE.matcher(text);
        while (phone.find()) {
            if (SearchTerms.phoneTerm(phone.group()).filter(terms::contains).isPresent() && !overlaps(found, phone)) {
                found.add(new Highlight(phone.start(), phone.end()));
            }
        }
        Matcher word = SearchTerms.WORD.matcher(text);
        while (word.find()) {
            if (terms.contains(SearchTerms.fold(word.group())) && !overlaps(found, word)) {
                found.add(new Highlight(word.start(), word.end()));
            }
        }
        found.sort((a, b) -> Integer.compare(a.start(), b.start()));
        return found;
    }

    private static boolean overlaps(List<Highlight> found, Matcher m) {
        return found.stream().anyMatch(h -> m.start() < h.end() && h.start() < m.end());
    }

    /** Where the previous page ended: the last matching turn it read (its time, conversation and position). */
    private record Cursor(Instant at, String conversationId, long seq) {

        String encode() {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    (at.getEpochSecond() + ":" + at.getNano() + ":" + seq + ":" + conversationId)
                            .getBytes(StandardCharsets.UTF_8));
        }

        static Cursor parse(String encoded) {
            if (encoded == null || encoded.isBlank()) {
                return null;
            }
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8).split(":", 4);
                return new Cursor(Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])), parts[3],
                        Long.parseLong(parts[2]));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("cursor is not one this search gave");
            }
        }
    }
}
