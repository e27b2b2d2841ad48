package io.switchboard.inbox;

import io.switchboard.conversation.ConversationStatus;
import io.switchboard.conversation.ConversationSummary;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The inbox's lists of conversations, read from the database every instance shares (the hot state
 * is in Hazelcast; these queries only pick which conversations to show, newest first).
 */
@Component
class ConversationListing {

    private static final String COLUMNS = "select id, customer_id, status, queue_name, assignee, created_at, updated_at "
            + "from conversation ";

    private final JdbcTemplate jdbc;

    ConversationListing(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Which conversations to list: with one of {@code statuses} (any when empty), and, when
     * {@code queues} is not null, only those in one of those queues, owned by {@code assignee}, or
     * (with {@code unqueued}) in no queue at all.
     */
    record Scope(Set<ConversationStatus> statuses, Collection<String> queues, String assignee, boolean unqueued) {
        Scope {
            statuses = statuses == null ? Set.of() : Set.copyOf(statuses);
            queues = queues == null ? null : List.copyOf(queues);
        }
    }

    /**
     * What a list may be narrowed to, each left out when null: a queue, the channel of the customer's
     * last message, the intent routing saw last (as the KPI facts keep it).
     */
    record Filters(String queue, String channel, String intent) {
        static final Filters NONE = new Filters(null, null, null);
    }

    /** Conversations in {@code scope}, most recently updated first. */
    List<ConversationSummary> list(Scope scope, int limit, int offset) {
        return list(scope, Filters.NONE, limit, offset);
    }

    /** Conversations in {@code scope} that pass the filters, most recently updated first. */
    List<ConversationSummary> list(Scope scope, Filters filters, int limit, int offset) {
        var where = new ArrayList<String>();
        var args = new ArrayList<Object>();
        if (filters.queue() != null) {
            where.add("queue_name = ?");
            args.add(filters.queue());
        }
        if (filters.channel() != null) {
            // the customer's last message still in this conversation, read by key
            where.add("(select t.channel from turn t where t.conversation_id = conversation.id and t.direction = 'inbound' "
                    + "and t.moved_to is null order by t.seq desc limit 1) = ?");
            args.add(filters.channel());
        }
        if (filters.intent() != null) {
            where.add("(select count(*) from inbox_conversation_fact f where f.conversation_id = conversation.id "
                    + "and f.intent = ?) > 0");
            args.add(filters.intent());
        }
        if (!scope.statuses().isEmpty()) {
            where.add("status in (" + String.join(", ", Collections.nCopies(scope.statuses().size(), "?")) + ")");
            scope.statuses().forEach(s -> args.add(s.wireName()));
        }
        if (scope.queues() != null) {
            var either = new ArrayList<String>();
            if (!scope.queues().isEmpty()) {
                either.add("queue_name in (" + String.join(", ", Collections.nCopies(scope.queues().size(), "?")) + ")");
                args.addAll(scope.queues());
            }
            if (scope.assignee() != null) {
                either.add("assignee = ?");
                args.add(scope.assignee());
            }
            if (scope.unqueued()) {
                either.add("queue_name is null");
            }
            if (either.isEmpty()) {
                return List.of();
            }
            where.add("(" + String.join(" or ", either) + ")");
        }
        args.add(limit);
        args.add(offset);
        return jdbc.query(COLUMNS + (where.isEmpty() ? "" : "where " + String.join(" and ", where) + " ")
                + "order by updated_at desc, id limit ? offset ?", (rs, i) -> summary(rs), args.toArray());
    }

    /** A customer's conversations, including those of customers merged into them, newest first. */
    List<ConversationSummary> forCustomer(String customerId, int limit) {
        return jdbc.query(COLUMNS + "where customer_id = ? or customer_id in (select id from customer where merged_into = ?) "
                + "order by updated_at desc limit ?", (rs, i) -> summary(rs), customerId, customerId, limit);
    }

    private static ConversationSummary summary(ResultSet rs) throws SQLException {
        return new ConversationSummary(rs.getString("id"), rs.getString("customer_id"),
                ConversationStatus.fromWire(rs.getString("status")), rs.getString("queue_name"), rs.getString("assignee"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }
}
