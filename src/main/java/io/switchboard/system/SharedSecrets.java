package io.switchboard.system;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Secrets the gateway makes for itself when none is configured (the key that signs chat visitor
 * tokens, say): generated once, kept in the database every instance shares, so all instances and
 * restarts agree on it.
 */
@Component
public class SharedSecrets {

    private static final String MAP = "generated-secrets";

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    SharedSecrets(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The secret called {@code name}, generated (32 random bytes, Base64) the first time it is asked for. */
    public String getOrCreate(String name) {
        return find(name).orElseGet(() -> {
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            try {
                jdbc.update("insert into kv_entry (map_name, entry_key, updated_at, entry_value) values (?, ?, ?, ?)",
                        MAP, name, Timestamp.from(clock.instant()), Base64.getEncoder().encodeToString(bytes));
            } catch (DataIntegrityViolationException raced) {
                // another instance generated it first: use theirs
            }
            return find(name).orElseThrow();
        });
    }

    private java.util.Optional<String> find(String name) {
        List<String> rows = jdbc.queryForList("select entry_value from kv_entry where map_name = ? and entry_key = ?",
                String.class, MAP, name);
        return rows.stream().findFirst();
    }
}
