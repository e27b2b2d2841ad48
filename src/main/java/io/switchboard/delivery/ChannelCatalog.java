package io.switchboard.delivery;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
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
    private final Map<String, ChannelCapabilities> configured;
    private final List<ChannelCapabilities.Source> declaring;
    private final Set<String> splitting;
    // reachability needs the customers, whose code sender needs this catalog: looked up when used
    private final ObjectProvider<Reachability> reachability;

    ChannelCatalog(@Value("${camel.component.kamelet.location:classpath:kamelets}") String locations,
                   ChannelDeclarations declarations, ResourceLoader resources,
                   List<ChannelAvailability> availability, DeliveryProperties properties, List<ChannelSinks> shared,
                   ObjectProvider<Reachability> reachability, List<ChannelCapabilities.Source> declaring,
                   List<MessageSplitter> splitters) {
        this.properties = properties;
        this.configured = declarations.capabilities();
        this.declaring = List.copyOf(declaring);
        this.splitting = splitters.stream().map(MessageSplitter::channel).collect(Collectors.toUnmodifiableSet());
        this.reachability = reachability;
        this.shared = List.copyOf(shared);
        this.locations = Arrays.stream(locations.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        this.disabled = declarations.disabled();
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
        return unreachable(address, Map.of());
    }

    /** The same for one message, whose metadata may carry what reaches further (an approved template). */
    Optional<String> unreachable(Address address, Map<String, String> message) {
        return reachability.orderedStream().map(r -> r.unreachable(address, message)).flatMap(Optional::stream)
                .findFirst();
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

    /** What {@code channel} carries: as configured, else as its connector declares, else text only. */
    public ChannelCapabilities capabilities(String channel) {
        ChannelCapabilities set = configured.get(channel);
        if (set != null) {
            return set;
        }
        return declaring.stream().map(s -> s.declared().get(channel)).filter(Objects::nonNull).findFirst()
                .orElse(ChannelCapabilities.UNDECLARED);
    }

    /** Every channel whose capabilities are declared, by name. */
    public Map<String, ChannelCapabilities> declared() {
        var all = new TreeMap<String, ChannelCapabilities>();
        declaring.forEach(s -> s.declared().forEach(all::putIfAbsent));
        all.putAll(configured);
        return all;
    }

    /** Whether a long text is sent on {@code channel} as several messages (a {@link MessageSplitter}). */
    public boolean splits(String channel) {
        return splitting.contains(channel);
    }

    /** Why {@code text} cannot go out on {@code channel} as one reply: longer than the channel carries. */
    public Optional<String> tooLong(String channel, String text) {
        int max = capabilities(channel).maxTextLength();
        if (max == 0 || text == null || splits(channel)) {
            return Optional.empty();
        }
        int length = text.codePointCount(0, text.length());
        return length <= max ? Optional.empty()
                : Optional.of("the text has " + length + " characters, more than the " + max + " " + channel + " carries");
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
