package io.switchboard.inbox;

import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.ConversationMemory;
import io.switchboard.conversation.ConversationStatus;
import io.switchboard.conversation.Decision;
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
import java.util.regex.Pattern;
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
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    private static final Pattern EMAIL = Pattern.compile("(?i)[a-z0-9._%+-]+@[a-z0-9-]+(?:\\.[a-z0-9-]+)*\\.[a-z]{2,}");
    private static final Pattern PHONE = Pattern.compile("(?<![\\w])\\+?\\(?\\d[\\d ().-]{5,22}\\d(?!\\w)");

    private final NamedParameterJdbcTemplate jdbc;
    private final ConversationMemory memory;
    private final CustomerDirectory customers;
    private final InboxViews views;
    private final PersonalData personalData;

    ConversationSearch(NamedParameterJdbcTemplate jdbc, ConversationMemory memory, CustomerDirectory customers,
                       InboxViews views, PersonalData personalData) {
        this.jdbc = jdbc;
        this.memory = memory;
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
            throw new IllegalArgumentException("q needs a word, a number or an address to look for");
        }
        if (terms.size() > 12) {
            throw new IllegalArgumentException("q may have at most 12 words");
        }
        int limit = Math.max(1, Math.min(query.limit(), MAX_LIMIT));
        Cursor cursor = Cursor.parse(query.cursor());
        var hits = new ArrayList<Hit>();
        int batch = limit * 2;
        // the intent and the sender's verification live with the conversation and the customer, not in
        // the table: those filters look at each candidate, so a page may take more than one query
        while (true) {
            List<Candidate> candidates = candidates(terms, query, viewer, cursor, batch);
            for (int i = 0; i < candidates.size(); i++) {
                Candidate c = candidates.get(i);
                cursor = new Cursor(c.at(), c.conversationId());
                hit(c, terms, query, viewer).ifPresent(hits::add);
                if (hits.size() == limit) {
                    boolean more = i < candidates.size() - 1 || candidates.size() == batch;
                    return new Page(hits, more ? cursor.encode() : null);
                }
            }
            if (candidates.size() < batch) {
                return new Page(hits, null);
            }
        }
    }

    private record Candidate(String conversationId, Instant at, long seq) {
    }

    private List<Candidate> candidates(Set<String> terms, Query query, InboxAccess.Viewer viewer, Cursor cursor,
                                       int limit) {
        var args = new HashMap<String, Object>();
        args.put("terms", terms);
        args.put("n", terms.size());
        var turnFilters = new ArrayList<String>();
        if (query.from() != null) {
            turnFilters.add("s.at >= :from");
            args.put("from", Timestamp.from(query.from()));
        }
        if (query.to() != null) {
            turnFilters.add("s.at < :to");
            args.put("to", Timestamp.from(query.to()));
        }
        var where = new ArrayList<String>();
        if (query.channel() != null) {
            where.add("exists (select 1 from turn t where t.conversation_id = m.conversation_id and t.seq = m.seq "
                    + "and t.channel = :channel)");
            args.put("channel", query.channel());
        }
        if (query.queue() != null) {
            where.add("c.queue_name = :queue");
            args.put("queue", query.queue());
        }
        if (query.status() != null) {
            where.add("c.status = :status");
            args.put("status", query.status().wireName());
        }
        if (!viewer.supervisor()) {
            var either = new ArrayList<String>();
            either.add("c.assignee = :me");
            args.put("me", viewer.username());
            if (!viewer.queues().isEmpty()) {
                either.add("c.queue_name in (:queues)");
                args.put("queues", viewer.queues());
            }
            if (viewer.unqueued()) {
                either.add("c.queue_name is null");
            }
            where.add("(" + String.join(" or ", either) + ")");
        }
        String having = "";
        if (cursor != null) {
            having = " having max(m.at) < :cursorAt or (max(m.at) = :cursorAt and m.conversation_id < :cursorId)";
            args.put("cursorAt", Timestamp.from(cursor.at()));
            args.put("cursorId", cursor.conversationId());
        }
        args.put("limit", limit);
        String sql = """
                select m.conversation_id, max(m.at) as at, max(m.seq) as seq
                from (select s.conversation_id, s.seq, max(s.at) as at from search_term s
                      where s.term in (:terms)%s
                      group by s.conversation_id, s.seq having count(*) = :n) m
                join conversation c on c.id = m.conversation_id
                %s
                group by m.conversation_id%s
                order by at desc, m.conversation_id desc
                limit :limit""".formatted(turnFilters.isEmpty() ? "" : " and " + String.join(" and ", turnFilters),
                where.isEmpty() ? "" : "where " + String.join(" and ", where), having);
        return jdbc.query(sql, args, (rs, i) -> new Candidate(rs.getString("conversation_id"),
                rs.getTimestamp("at").toInstant(), rs.getLong("seq")));
    }

    private Optional<Hit> hit(Candidate candidate, Set<String> terms, Query query, InboxAccess.Viewer viewer) {
        Optional<Conversation> found = memory.find(candidate.conversationId());
        if (found.isEmpty() || !viewer.sees(found.get())) {
            return Optional.empty();
        }
        Conversation c = found.get();
        if (query.intent() != null && !query.intent().equals(intentOf(c))) {
            return Optional.empty();
        }
        String unverified = customers.find(c.customerId()).map(Customer::unverified).orElse(null);
        if (query.unverified() && unverified == null) {
            return Optional.empty();
        }
        Optional<Turn> turn = c.turn(candidate.seq()).or(() -> memory.history(c.id(), candidate.seq() + 1, 1).stream()
                .filter(t -> t.seq() == candidate.seq()).findFirst());
        if (turn.isEmpty() || turn.get().movedTo() != null) {
            return Optional.empty();
        }
        return Optional.of(new Hit(c.id(), c.customerId(), views.customerLabel(c.customerId()), c.status(), c.queue(),
                c.assignee(), Assignments.channelOf(c), candidate.at(), unverified, snippet(turn.get(), terms)));
    }

    /** The intent of the conversation's latest decision that saw one. */
    static String intentOf(Conversation c) {
        List<Decision> decisions = c.decisions();
        for (int i = decisions.size() - 1; i >= 0; i--) {
            String intent = decisions.get(i).detail().get("intent");
            if (intent != null && !intent.isBlank()) {
                return intent;
            }
        }
        return null;
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
        Matcher email = EMAIL.matcher(text);
        while (email.find()) {
            if (terms.contains(SearchTerms.fold(email.group()))) {
                found.add(new Highlight(email.start(), email.end()));
            }
        }
        Matcher phone = PHONE.matcher(text);
        while (phone.find()) {
            String digits = phone.group().replaceAll("\\D", "");
            String term = digits.length() > 10 ? digits.substring(digits.length() - 10) : digits;
            if (digits.length() >= 7 && digits.length() <= 15 && terms.contains(term) && !overlaps(found, phone)) {
                found.add(new Highlight(phone.start(), phone.end()));
            }
        }
        Matcher word = WORD.matcher(text);
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

    /** Where the previous page ended: the time of its last hit's match and that conversation. */
    private record Cursor(Instant at, String conversationId) {

        String encode() {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    (at.toEpochMilli() + ":" + conversationId).getBytes(StandardCharsets.UTF_8));
        }

        static Cursor parse(String encoded) {
            if (encoded == null || encoded.isBlank()) {
                return null;
            }
            try {
                String raw = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
                int colon = raw.indexOf(':');
                return new Cursor(Instant.ofEpochMilli(Long.parseLong(raw.substring(0, colon))), raw.substring(colon + 1));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("cursor is not one this search gave");
            }
        }
    }
}
