package io.switchboard.inbox;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.switchboard.system.AuditLog;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Replies agents insert instead of typing them again, with variables filled in for the conversation
 * at hand: {@code {{customer.name}}}, {@code {{agent.name}}}, {@code {{queue.name}}}, {@code {{conversation.id}}}.
 * Configured ones are loaded at start; an admin adds, changes and removes them at runtime.
 */
@Component
class CannedResponses {

    static final String CANNED = "inbox-canned-responses";
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*([a-z]+\\.[a-z]+)\\s*}}");

    private final IMap<String, Canned> canned;
    private final AuditLog audit;

    /** A canned response. */
    record Canned(String id, String title, String text) {
        Canned {
            if (id == null || !ID.matcher(id).matches()) {
                throw new IllegalArgumentException("a canned response id is 1-64 lower-case letters, digits, '.', '_' or '-'");
            }
            if (title == null || title.isBlank() || text == null || text.isBlank()) {
                throw new IllegalArgumentException("a canned response needs a title and a text");
            }
        }
    }

    CannedResponses(HazelcastInstance hazelcast, InboxProperties properties, AuditLog audit) {
        this.canned = hazelcast.getMap(CANNED);
        this.audit = audit;
        for (InboxProperties.Canned c : properties.cannedResponses()) {
            canned.putIfAbsent(c.id(), new Canned(c.id(), c.title(), c.text()));
        }
    }

    List<Canned> all() {
        return canned.values().stream().sorted(Comparator.comparing(Canned::title)).toList();
    }

    /** Every canned response with its variables filled in; unknown variables stay as written. */
    List<Canned> expanded(Map<String, String> values) {
        return all().stream().map(c -> new Canned(c.id(), c.title(), VARIABLE.matcher(c.text())
                .replaceAll(m -> Matcher.quoteReplacement(values.getOrDefault(m.group(1), m.group())))))
                .toList();
    }

    Canned put(Canned response, String actor) {
        Canned before = canned.put(response.id(), response);
        audit.record(actor, before == null ? "canned-response.created" : "canned-response.changed", "canned-response",
                response.id(), Map.of("title", response.title()));
        return response;
    }

    void delete(String id, String actor) {
        if (canned.remove(id) == null) {
            throw new NoSuchElementException("no canned response " + id);
        }
        audit.record(actor, "canned-response.deleted", "canned-response", id, Map.of());
    }
}
