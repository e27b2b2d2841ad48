package io.switchboard.delivery;

import java.util.Optional;

/**
 * Says why an installed channel cannot be used right now (its provider is not configured, say).
 * The {@link ChannelCatalog} asks every bean of this type before it calls a channel usable.
 */
public interface ChannelAvailability {

    /** Why {@code channel} cannot carry messages now, or empty when this component has no objection. */
    Optional<String> unavailable(String channel);
}
