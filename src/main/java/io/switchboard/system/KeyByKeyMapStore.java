package io.switchboard.system;

import com.hazelcast.map.MapStore;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * A {@link MapStore} whose batch operations are the single-key ones in a loop. With write-through
 * (no write delay) Hazelcast calls the single-key methods; the batch ones serve the initial load.
 */
public interface KeyByKeyMapStore<K, V> extends MapStore<K, V> {

    @Override
    default Map<K, V> loadAll(Collection<K> keys) {
        Map<K, V> result = new HashMap<>();
        for (K key : keys) {
            V value = load(key);
            if (value != null) {
                result.put(key, value);
            }
        }
        return result;
    }

    @Override
    default void storeAll(Map<K, V> entries) {
        entries.forEach(this::store);
    }

    @Override
    default void deleteAll(Collection<K> keys) {
        keys.forEach(this::delete);
    }
}
