package io.switchboard.delivery;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;

/**
 * Which channels are installed: a channel can carry outbound messages when a Kamelet
 * {@code <channel>-sink} is found where the Kamelets are loaded from, it is not switched off, and no
 * {@link ChannelAvailability} objects (its provider not configured, say). Adding a connector file adds
 * the channel; nothing in the core lists channels.
 */
@Component
public class ChannelCatalog {

    private final List<String> locations;
    private final Set<String> disabled;
    private final ResourceLoader resources;
    private final List<ChannelAvailability> availability;

    ChannelCatalog(@Value("${camel.component.kamelet.location:classpath:kamelets}") String locations,
                   @Value("${switchboard.channels.disabled:}") Set<String> disabled, ResourceLoader resources,
                   List<ChannelAvailability> availability) {
        this.locations = Arrays.stream(locations.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        this.disabled = Set.copyOf(disabled);
        this.resources = resources;
        this.availability = List.copyOf(availability);
    }

    /** True when outbound messages can go out on {@code channel}. */
    public boolean canSend(String channel) {
        return channel != null && !disabled.contains(channel) && kameletExists(channel + "-sink")
                && unavailable(channel).isEmpty();
    }

    /** Why an installed channel cannot be used now, if some component says so. */
    public Optional<String> unavailable(String channel) {
        return availability.stream().map(a -> a.unavailable(channel)).flatMap(Optional::stream).findFirst();
    }

    /** The Camel endpoint that sends on {@code channel}. */
    public String sinkUri(String channel) {
        return "kamelet:" + channel + "-sink";
    }

    private boolean kameletExists(String name) {
        for (String location : locations) {
            String base = location.endsWith("/") ? location : location + "/";
            if (resources.getResource(base + name + ".kamelet.yaml").exists()) {
                return true;
            }
        }
        return false;
    }
}
