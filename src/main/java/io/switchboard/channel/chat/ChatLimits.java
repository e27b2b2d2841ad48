package io.switchboard.channel.chat;

import io.switchboard.system.RateLimits;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The chat's flood limits ({@link ChatProperties.Limits}): messages per visitor and per client
 * network, new visitors and claims per network through the cluster-wide {@link RateLimits}, and the
 * sockets a network holds open on this instance.
 */
@Component
class ChatLimits {

    private static final Logger log = LoggerFactory.getLogger(ChatLimits.class);

    private final RateLimits limits;
    private final ChatProperties.Limits settings;
    private final Map<String, AtomicInteger> socketsByNetwork = new ConcurrentHashMap<>();

    ChatLimits(RateLimits limits, ChatProperties properties) {
        this.limits = limits;
        this.settings = properties.limits();
    }

    /** Counts a socket the network opened; false when that is one more than it may hold (count it closed all the same). */
    boolean opened(ClientNetwork network) {
        int open = socketsByNetwork.computeIfAbsent(network.key(), k -> new AtomicInteger()).incrementAndGet();
        if (open > settings.socketsPerNetwork()) {
            log.warn("chat socket from {} refused: {} open, the limit is {}", network.masked(), open,
                    settings.socketsPerNetwork());
            return false;
        }
        return true;
    }

    void closed(ClientNetwork network) {
        socketsByNetwork.computeIfPresent(network.key(), (k, open) -> open.decrementAndGet() <= 0 ? null : open);
    }

    /** True when the network may start one more anonymous visitor. */
    boolean newVisitor(ClientNetwork network) {
        return limits.allows("chat-new-visitors-per-network", settings.newVisitorsPerNetwork(), network.key(),
                network.masked());
    }

    /** Empty when the visitor may send one more message now, else how long to wait. */
    Optional<Duration> message(String visitor, ClientNetwork network) {
        return limits.take("chat-messages-per-visitor", settings.messagesPerVisitor(), visitor, "chat visitor " + visitor)
                .or(() -> limits.take("chat-messages-per-network", settings.messagesPerNetwork(), network.key(),
                        network.masked()));
    }

    /** Empty when the network may claim one more address now, else how long to wait. */
    Optional<Duration> claim(ClientNetwork network) {
        return limits.take("chat-claims-per-network", settings.claimsPerNetwork(), network.key(), network.masked());
    }
}
