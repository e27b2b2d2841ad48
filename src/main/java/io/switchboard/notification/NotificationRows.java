package io.switchboard.notification;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** Notifications in the database every member shares; a state moves on only from the one it was in. */
@Repository
class NotificationRows {

    private final NamedParameterJdbcTemplate jdbc;

    NotificationRows(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Keeps the notification unless one with its id is kept already; returns the one kept. */
    Notification insert(Notification n) {
        try {
            jdbc.update("""
                    insert into notification (id, idempotency_key, requested_by, customer_id, template, purpose, channel,
                                              address, text, due_at, expires_at, state, reason, conversation_id,
                                              created_at, updated_at, provider_template, provider_template_variables)
                    values (:id, :key, :by, :customer, :template, :purpose, :channel, :address, :text, :due, :expires,
                            :state, :reason, :conversation, :created, :updated, :providerTemplate,
                            :providerTemplateVariables)""", params(n));
            return n;
        } catch (DuplicateKeyException sentAgain) {
            return find(n.id()).orElseThrow();
        }
    }

    /** Moves the notification from {@code from} to its new state; false when it was no longer there. */
    boolean move(Notification.State from, Notification next) {
        return jdbc.update("""
                update notification set state = :state, reason = :reason, conversation_id = :conversation,
                                        updated_at = :updated
                where id = :id and state = :from""", params(next).addValue("from", wire(from))) == 1;
    }

    Optional<Notification> find(String id) {
        return jdbc.query("select * from notification where id = :id", Map.of("id", id), NotificationRows::row)
                .stream().findFirst();
    }

    /** Scheduled notifications whose time has come, the longest waiting first. */
    List<String> due(Instant now, int limit) {
        return jdbc.queryForList("""
                select id from notification where state = 'scheduled' and due_at <= :now
                order by due_at fetch first :limit rows only""", Map.of("now", Timestamp.from(now), "limit", limit),
                String.class);
    }

    /** How many notifications asked for since then ended up in each state, per purpose and state. */
    Map<String, Map<String, Long>> countsSince(Instant from) {
        var counts = new TreeMap<String, Map<String, Long>>();
        jdbc.query("""
                select purpose, state, count(*) as n from notification where created_at >= :from
                group by purpose, state""", Map.of("from", Timestamp.from(from)), rs -> {
            counts.computeIfAbsent(rs.getString("purpose"), p -> new TreeMap<>())
                    .put(rs.getString("state"), rs.getLong("n"));
        });
        return counts;
    }

    List<Notification> ofCustomers(Collection<String> customerIds) {
        return jdbc.query("select * from notification where customer_id in (:ids) order by created_at",
                Map.of("ids", customerIds), NotificationRows::row);
    }

    int deleteOfCustomers(Collection<String> customerIds) {
        return jdbc.update("delete from notification where customer_id in (:ids)", Map.of("ids", customerIds));
    }

    private static MapSqlParameterSource params(Notification n) {
        return new MapSqlParameterSource().addValue("id", n.id()).addValue("key", n.idempotencyKey())
                .addValue("by", n.requestedBy()).addValue("customer", n.customerId()).addValue("template", n.template())
                .addValue("purpose", n.purpose()).addValue("channel", n.channel()).addValue("address", n.address())
                .addValue("text", n.text()).addValue("due", timestamp(n.dueAt()))
                .addValue("expires", timestamp(n.expiresAt())).addValue("state", wire(n.state()))
                .addValue("reason", n.reason()).addValue("conversation", n.conversationId())
                .addValue("created", timestamp(n.createdAt())).addValue("updated", timestamp(n.updatedAt()))
                .addValue("providerTemplate", n.providerTemplate() == null ? null : n.providerTemplate().id())
                .addValue("providerTemplateVariables", n.providerTemplate() == null ? null
                        : n.providerTemplate().variables());
    }

    private static String wire(Notification.State state) {
        return state.name().toLowerCase(Locale.ROOT);
    }

    static Timestamp timestamp(Instant at) {
        return at == null ? null : Timestamp.from(at);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Notification row(ResultSet rs, int i) throws SQLException {
        return new Notification(rs.getString("id"), rs.getString("idempotency_key"), rs.getString("requested_by"),
                rs.getString("customer_id"), rs.getString("template"), rs.getString("purpose"), rs.getString("channel"),
                rs.getString("address"), rs.getString("text"), instant(rs, "due_at"), instant(rs, "expires_at"),
                Notification.State.valueOf(rs.getString("state").toUpperCase(Locale.ROOT)), rs.getString("reason"),
                rs.getString("conversation_id"), instant(rs, "created_at"), instant(rs, "updated_at"),
                rs.getString("provider_template") == null ? null : new Notification.ProviderTemplate(
                        rs.getString("provider_template"), rs.getString("provider_template_variables")));
    }
}
