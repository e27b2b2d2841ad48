package io.switchboard.system;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.function.Predicate;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A JDBC store for a small Hazelcast map with string keys whose values are written as JSON into
 * the shared {@code kv_entry} table (idempotency keys, settings). Maps that queries must reach
 * into have tables of their own.
 */
class JdbcKeyValueStore<V> implements KeyByKeyMapStore<String, V> {

    private final String mapName;
    private final Class<V> type;
    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final Clock clock;
    private final boolean preload;
    private final Predicate<Object> durable;

    /**
     * @param preload true to load every entry when the member starts; false for maps that only
     *                grow (idempotency keys), whose entries load one by one when asked for
     * @param durable which values are written; the others are kept in memory only
     */
    JdbcKeyValueStore(String mapName, Class<V> type, JdbcTemplate jdbc, ObjectMapper json, Clock clock,
                      boolean preload, Predicate<Object> durable) {
        this.mapName = mapName;
        this.type = type;
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.preload = preload;
        this.durable = durable;
    }

    @Override
    public void store(String key, V value) {
        if (!durable.test(value)) {
            return;
        }
        String data = write(value);
        Timestamp now = Timestamp.from(clock.instant());
        int updated = jdbc.update("update kv_entry set entry_value = ?, updated_at = ? where map_name = ? and entry_key = ?",
                data, now, mapName, key);
        if (updated == 0) {
            jdbc.update("insert into kv_entry (map_name, entry_key, updated_at, entry_value) values (?, ?, ?, ?)",
                    mapName, key, now, data);
        }
    }


    @Override
    public void delete(String key) {
        jdbc.update("delete from kv_entry where map_name = ? and entry_key = ?", mapName, key);
    }


    @Override
    public V load(String key) {
        List<String> rows = jdbc.queryForList("select entry_value from kv_entry where map_name = ? and entry_key = ?",
                String.class, mapName, key);
        return rows.isEmpty() ? null : read(rows.get(0));
    }


    @Override
    public Iterable<String> loadAllKeys() {
        if (!preload) {
            return List.of();
        }
        return jdbc.queryForList("select entry_key from kv_entry where map_name = ?", String.class, mapName);
    }

    private String write(V value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an entry of map " + mapName, e);
        }
    }

    private V read(String data) {
        try {
            return json.readValue(data, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read an entry of map " + mapName, e);
        }
    }
}
