package io.switchboard.system;

import com.hazelcast.map.MapStore;
import java.util.Objects;

/**
 * A feature's durable store for one Hazelcast map. Declare one as a bean and the member writes
 * that map through to it (write-through: an update returns only once the row is written).
 */
public record MapStoreRegistration(String mapName, MapStore<?, ?> store) {

    public MapStoreRegistration {
        Objects.requireNonNull(mapName, "mapName");
        Objects.requireNonNull(store, "store");
    }
}
