package io.switchboard.delivery;

import java.util.Optional;

/**
 * Names the sink Kamelet of channels that share one, such as the generic channels configured by
 * name: without one, {@code <channel>-sink} sends on {@code <channel>}. A connector that serves many
 * channels declares this bean; the core never lists them.
 */
public interface ChannelSinks {

    /** The Kamelet that sends on {@code channel}, if this connector serves it. */
    Optional<String> sink(String channel);
}
