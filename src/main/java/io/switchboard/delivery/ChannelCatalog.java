package io.switchboard.delivery;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import io.switchboard.customer.Address;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;

/**
 * Which channels are installed: a channel can carry outbound messages when its sink Kamelet
 * ({@code <channel>-sink}, or the one a {@link ChannelSinks} names) is found where the Kamelets are
 * loaded from, it is not switched off, and no
 * {@link ChannelAvailability} objects (its provider not configured, say). Adding a connector file adds
 * the channel; nothing in the core lists channels.
 */
@Component
public class ChannelCatalog {

    private final List<String> locations;
    private final Set<String> disabled;
    private final ResourceLoader resources;
    private final List<ChannelAvailability> availability;
    private final DeliveryProperties properties;
    private final List<ChannelSinks> shared;
    // reachability needs the customers, whose code sender needs this catalog: looked up when used
    private final ObjectProvider<Reachability> reachability;

    ChannelCatalog(@Value("${camel.component.kamelet.location:classpath:kamelets}") String locations,
                   @Value("${switchboard.channels.disabled:}") Set<String> disabled, ResourceLoader resources,
                   List<ChannelAvailability> availability, DeliveryProperties properties, List<ChannelSinks> shared,
                   ObjectProvider<Reachability> reachability) {
        this.properties = properties;
        this.reachability = reachability;
        this.shared = List.copyOf(shared);
        this.locations = Arrays.stream(locations.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        this.disabled = Set.copyOf(disabled);
        this.resources = resources;
        this.availability = List.copyOf(availability);
    }

    /** True when outbound messages can go out on {@code channel}. */
    public boolean canSend(String channel) {
        return channel != null && !disabled.contains(channel) && kameletExists(sinkKamelet(channel))
                && unavailable(channel).isEmpty();
    }

    /** Why an installed channel cannot be used now, if some component says so. */
    public Optional<String> unavailable(String channel) {
        return availability.stream().map(a -> a.unavailable(channel)).flatMap(Optional::stream).findFirst();
    }

    /** Why {@code address} cannot be reached now (a call that ended, a closed WhatsApp window), if it cannot. */
    public Optional<String> unreachable(Address address) {
        return reachability.orderedStream().map(r -> r.unreachable(address)).flatMap(Optional::stream).findFirst();
    }

    /**
     * Whether {@code channel} reaches a person only while they are connected (the web chat): a code
     * sent there goes back to whoever is typing, and its address (a visitor id) names nobody.
     */
    public boolean isSession(String channel) {
        return properties.sessionChannels().contains(channel);
    }

    /** Whether the customer is on a live call on {@code channel}, which itself puts them through to a person. */
    public boolean isLive(String channel) {
        return properties.liveChannels().contains(channel);
    }

    /** The Camel endpoint that sends on {@code channel}. */
    public String sinkUri(String channel) {
        return "kamelet:" + sinkKamelet(channel);
    }

    /** The Kamelet that sends on {@code channel}: {@code <channel>-sink}, or one a {@link ChannelSinks} names. */
    public String sinkKamelet(String channel) {
        return shared.stream().map(s -> s.sink(channel)).flatMap(Optional::stream).findFirst()
                .orElse(channel + "-sink");
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
