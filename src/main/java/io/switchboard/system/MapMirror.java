package io.switchboard.system;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryLoadedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This member's copy of a small map loaded whole at start ({@link KeyValueMaps#preloaded}), kept by the
 * map's events, for reads on every message. A read of a key the map does not hold would otherwise ask
 * the database each time (a map with a store loads a missing key on {@code get}); the copy answers
 * from memory. Hazelcast's near cache would keep the hits only: a miss still goes to the key's owner
 * and its store, and a miss is the common read here (most addresses never opted out). Changes still go to the map; {@link #put}/{@link #remove} also change the copy at once,
 * so the member that made a change reads it back without waiting for its event.
 */
public final class MapMirror<V> {

    private final Map<String, V> copy = new ConcurrentHashMap<>();

    private MapMirror() {
    }

    public static <V> MapMirror<V> of(IMap<String, V> map) {
        var mirror = new MapMirror<V>();
        map.addEntryListener(new Events<>(mirror.copy), true);
        // after the listener, so no change is missed; what an event brought meanwhile is newer
        map.entrySet().forEach(e -> mirror.copy.putIfAbsent(e.getKey(), e.getValue()));
        return mirror;
    }

    public Optional<V> get(String key) {
        return Optional.ofNullable(copy.get(key));
    }

    public boolean containsKey(String key) {
        return copy.containsKey(key);
    }

    public boolean isEmpty() {
        return copy.isEmpty();
    }

    /** The copy after a change this member made to the map. */
    public void put(String key, V value) {
        copy.put(key, value);
    }

    public void remove(String key) {
        copy.remove(key);
    }

    private record Events<V>(Map<String, V> copy) implements EntryAddedListener<String, V>,
            EntryUpdatedListener<String, V>, EntryLoadedListener<String, V>, EntryRemovedListener<String, V> {

        @Override
        public void entryAdded(EntryEvent<String, V> event) {
            copy.put(event.getKey(), event.getValue());
        }

        @Override
        public void entryUpdated(EntryEvent<String, V> event) {
            copy.put(event.getKey(), event.getValue());
        }

        @Override
        public void entryLoaded(EntryEvent<String, V> event) {
            copy.put(event.getKey(), event.getValue());
        }

        @Override
        public void entryRemoved(EntryEvent<String, V> event) {
            copy.remove(event.getKey());
        }
    }
}
