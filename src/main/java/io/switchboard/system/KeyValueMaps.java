package io.switchboard.system;

import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Small maps a feature keeps durable in the shared {@code kv_entry} table, each value written as JSON.
 * A feature declares one bean listing its maps; the member writes each through to a
 * {@link JdbcKeyValueStore}. Maps that queries reach into have stores of their own
 * ({@link MapStoreRegistration}).
 */
public record KeyValueMaps(List<Durable> maps) {

    /**
     * @param preload true to load every entry when the member starts; false for maps that only grow
     *                (idempotency keys), whose entries load one by one when asked for
     * @param durable which values are written to the database; the others live in memory only
     */
    public record Durable(String name, Class<?> type, boolean preload, Predicate<Object> durable) {
        public Durable {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(durable, "durable");
        }
    }

    public KeyValueMaps {
        maps = List.copyOf(maps);
    }

    public static KeyValueMaps of(Durable... maps) {
        return new KeyValueMaps(List.of(maps));
    }

    /** A map loaded whole when the member starts. */
    public static Durable preloaded(String name, Class<?> type) {
        return new Durable(name, type, true, value -> true);
    }

    /** A map whose entries load when asked for. */
    public static Durable onDemand(String name, Class<?> type) {
        return onDemand(name, type, value -> true);
    }

    /** A map whose entries load when asked for, and whose values only some are written to the database. */
    public static Durable onDemand(String name, Class<?> type, Predicate<Object> durable) {
        return new Durable(name, type, false, durable);
    }
}
