package io.switchboard.notification;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.customer.ConsentRecord;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Many notifications at once: the list is kept whole first (a batch and its items), then one member
 * works through it at each channel's pace ({@code switchboard.notifications.bulk-per-second.<channel>},
 * {@code default} for the rest), every second; each item is a notification like any other, with its
 * own idempotency key, so a member that dies mid-way leaves the rest to the next and sends nothing
 * twice. The report counts sent, waiting, skipped (with why), expired and failed.
 */
@Service("notificationBatches")
public class NotificationBatches {

    static final int MAX_ITEMS = 10_000;
    private static final int PER_TICK = 200;
    private static final TypeReference<Map<String, String>> VARIABLES = new TypeReference<>() {
    };
    private static final Logger log = LoggerFactory.getLogger(NotificationBatches.class);

    private final Notifications notifications;
    private final NotificationProperties properties;
    private final NamedParameterJdbcTemplate jdbc;
    private final ObjectMapper json;
    private final Clock clock;

    NotificationBatches(Notifications notifications, NotificationProperties properties, NamedParameterJdbcTemplate jdbc,
                        ObjectMapper json, Clock clock) {
        this.notifications = notifications;
        this.properties = properties;
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /** What every item of a batch shares. */
    public record Shared(String template, String purpose, String language, Instant notBefore, Instant expiresAt) {
    }

    /** One line of a batch: to whom, its key, its variables. */
    public record Item(String customerId, String address, String idempotencyKey, Map<String, String> variables,
                       String timeZone) {
    }

    /** Where a batch stands. */
    public record Report(String id, int items, int pending, Map<String, Integer> outcomes,
                         Map<String, Integer> skippedBecause, List<String> failures, Instant createdAt,
                         Instant finishedAt) {
    }

    /** Keeps the batch whole; its items go out from the next second on. Refused whole when an item is bad. */
    public Report start(Shared shared, List<Item> items, String caller) {
        if (items.isEmpty() || items.size() > MAX_ITEMS) {
            throw new IllegalArgumentException("a batch has 1 to " + MAX_ITEMS + " items, not " + items.size());
        }
        if (!properties.templates().containsKey(shared.template())) {
            throw new IllegalArgumentException("no template " + shared.template());
        }
        String purpose = ConsentRecord.purpose(shared.purpose());
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            if (item.idempotencyKey() == null || item.idempotencyKey().isBlank()
                    || (item.customerId() == null) == (item.address() == null)) {
                throw new IllegalArgumentException("item " + (i + 1) + " needs an idempotencyKey and a customerId "
                        + "or an address");
            }
            if (item.timeZone() != null && !item.timeZone().isBlank() && !ZoneId.getAvailableZoneIds().contains(
                    item.timeZone().strip())) {
                throw new IllegalArgumentException("item " + (i + 1) + ": timeZone " + item.timeZone()
                        + " is no time zone (say Europe/Madrid)");
            }
        }
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant();
        jdbc.update("""
                insert into notification_batch (id, requested_by, template, purpose, language, not_before, expires_at,
                                                items, created_at)
                values (:id, :by, :template, :purpose, :language, :notBefore, :expires, :items, :created)""",
                new MapSqlParameterSource().addValue("id", id).addValue("by", caller)
                        .addValue("template", shared.template()).addValue("purpose", purpose)
                        .addValue("language", shared.language()).addValue("notBefore", NotificationRows.timestamp(shared.notBefore()))
                        .addValue("expires", NotificationRows.timestamp(shared.expiresAt())).addValue("items", items.size())
                        .addValue("created", Timestamp.from(now)));
        var rows = new ArrayList<MapSqlParameterSource>();
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            rows.add(new MapSqlParameterSource().addValue("batch", id).addValue("line", i + 1)
                    .addValue("customer", item.customerId()).addValue("address", item.address())
                    .addValue("key", item.idempotencyKey()).addValue("variables", write(item.variables()))
                    .addValue("zone", item.timeZone() == null || item.timeZone().isBlank() ? null
                            : item.timeZone().strip()));
        }
        jdbc.batchUpdate("""
                insert into notification_batch_item (batch_id, line, customer_id, address, idempotency_key, variables,
                                                     time_zone, state)
                values (:batch, :line, :customer, :address, :key, :variables, :zone, 'pending')""",
                rows.toArray(MapSqlParameterSource[]::new));
        log.info("notification batch {} of {} items by {}", id, items.size(), caller);
        return report(id);
    }

    /** The columns of a batch's CSV that are no template variables. */
    private static final List<String> COLUMNS = List.of("customerId", "address", "idempotencyKey", "timeZone");

    /**
     * The items of a CSV with a header: {@code customerId} or {@code address}, {@code idempotencyKey},
     * optionally {@code timeZone}, then variables.
     */
    public static List<Item> fromCsv(String csv) {
        var items = new ArrayList<Item>();
        try {
            var records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true)
                    .get().parse(new StringReader(csv));
            List<String> header = records.getHeaderNames();
            if (!header.contains("idempotencyKey") || !header.contains("customerId") && !header.contains("address")) {
                throw new IllegalArgumentException("the CSV's header names idempotencyKey and customerId or address");
            }
            for (CSVRecord record : records) {
                var variables = new LinkedHashMap<String, String>();
                header.stream().filter(h -> !COLUMNS.contains(h)).forEach(h -> variables.put(h, record.get(h)));
                items.add(new Item(blankToNull(record, "customerId"), blankToNull(record, "address"),
                        record.get("idempotencyKey"), variables, blankToNull(record, "timeZone")));
                if (items.size() > MAX_ITEMS) {
                    throw new IllegalArgumentException("a batch has at most " + MAX_ITEMS + " items");
                }
            }
        } catch (IOException | IllegalStateException | IllegalArgumentException e) {
            throw new IllegalArgumentException("unreadable CSV: " + e.getMessage(), e);
        }
        return items;
    }

    /**
     * One second's work, on one member (route {@code notification-batches}): pending items in order, each
     * channel at most its number per second; an item whose channel is used up waits for the next second.
     */
    public int work() {
        var used = new HashMap<String, Integer>();
        int done = 0;
        for (Map<String, Object> row : jdbc.queryForList("""
                select i.batch_id, i.line, i.customer_id, i.address, i.idempotency_key, i.variables, i.time_zone,
                       b.requested_by,
                       b.template, b.purpose, b.language, b.not_before, b.expires_at
                from notification_batch_item i join notification_batch b on b.id = i.batch_id
                where i.state = 'pending' order by i.batch_id, i.line fetch first :limit rows only""",
                Map.of("limit", PER_TICK))) {
            var request = new Notifications.Request((String) row.get("customer_id"), (String) row.get("address"),
                    (String) row.get("template"), read((String) row.get("variables")), (String) row.get("purpose"),
                    (String) row.get("language"), (String) row.get("idempotency_key"), instant(row.get("not_before")),
                    instant(row.get("expires_at")), (String) row.get("time_zone"));
            String caller = (String) row.get("requested_by");
            Notifications.Result result;
            try {
                var earlier = notifications.find(Notifications.idOf(request, caller));
                if (earlier.isPresent()) {
                    result = new Notifications.Result(earlier.get(), true);
                } else {
                    Notification planned = notifications.plan(request, caller);
                    if (planned.state() == Notification.State.SCHEDULED && !planned.dueAt().isAfter(clock.instant())) {
                        int limit = properties.bulkPerSecond().getOrDefault(planned.channel(),
                                properties.bulkPerSecond().getOrDefault("default", 10));
                        if (used.merge(planned.channel(), 1, Integer::sum) > limit) {
                            continue;
                        }
                    }
                    result = notifications.submit(planned);
                }
            } catch (IllegalArgumentException | NoSuchElementException bad) {
                finish(row, null, "failed", bad.getMessage());
                done++;
                continue;
            }
            Notification n = result.notification();
            finish(row, n.id(), n.state().name().toLowerCase(Locale.ROOT), n.reason());
            done++;
        }
        jdbc.update("""
                update notification_batch set finished_at = :now where finished_at is null and not exists (
                    select 1 from notification_batch_item i where i.batch_id = notification_batch.id and i.state = 'pending')""",
                Map.of("now", Timestamp.from(clock.instant())));
        return done;
    }

    public Report report(String id) {
        Map<String, Object> batch = jdbc.queryForList("select * from notification_batch where id = :id", Map.of("id", id))
                .stream().findFirst().orElseThrow(() -> new NoSuchElementException("no notification batch " + id));
        var outcomes = new LinkedHashMap<String, Integer>();
        var skipped = new LinkedHashMap<String, Integer>();
        var failures = new ArrayList<String>();
        int[] pending = {0};
        jdbc.query("select line, state, outcome, reason from notification_batch_item where batch_id = :id order by line",
                Map.of("id", id), rs -> {
                    if ("pending".equals(rs.getString("state"))) {
                        pending[0]++;
                        return;
                    }
                    String outcome = rs.getString("outcome");
                    outcomes.merge(outcome, 1, Integer::sum);
                    if ("skipped".equals(outcome) || "expired".equals(outcome)) {
                        skipped.merge(String.valueOf(rs.getString("reason")), 1, Integer::sum);
                    } else if ("failed".equals(outcome) && failures.size() < 100) {
                        failures.add("line " + rs.getInt("line") + ": " + rs.getString("reason"));
                    }
                });
        return new Report(id, ((Number) batch.get("items")).intValue(), pending[0], outcomes, skipped, failures,
                instant(batch.get("created_at")), instant(batch.get("finished_at")));
    }

    private void finish(Map<String, Object> row, String notification, String outcome, String reason) {
        jdbc.update("""
                update notification_batch_item set state = 'done', notification_id = :notification, outcome = :outcome,
                                                   reason = :reason
                where batch_id = :batch and line = :line and state = 'pending'""",
                new MapSqlParameterSource().addValue("notification", notification).addValue("outcome", outcome)
                        .addValue("reason", reason == null ? null : reason.length() > 1000 ? reason.substring(0, 1000)
                                : reason)
                        .addValue("batch", row.get("batch_id")).addValue("line", row.get("line")));
    }

    private static String blankToNull(CSVRecord record, String column) {
        if (!record.isMapped(column)) {
            return null;
        }
        String value = record.get(column);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private String write(Map<String, String> variables) {
        try {
            return json.writeValueAsString(variables == null ? Map.of() : variables);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("unwritable variables", e);
        }
    }

    private Map<String, String> read(String variables) {
        try {
            return variables == null ? Map.of() : json.readValue(variables, VARIABLES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable stored variables", e);
        }
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        throw new IllegalStateException("not a time: " + value.getClass());
    }
}
