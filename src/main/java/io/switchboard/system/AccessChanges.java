package io.switchboard.system;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * What each instance knows of runtime users' access, kept fresh across the cluster: a change on any
 * instance is published on a Hazelcast topic, every instance forgets what it had read of that user
 * and publishes {@link AccessChanged} locally (page sessions and live-update streams end). What an
 * instance read is trusted for {@link #STATE_TTL} at most, should a notice ever be missed.
 */
@Component
public class AccessChanges implements InitializingBean, DisposableBean {

    static final String TOPIC = "switchboard-user-access";
    static final Duration STATE_TTL = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(AccessChanges.class);

    private final ITopic<String> topic;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Map<String, Known> known = new ConcurrentHashMap<>();
    private UUID listener;

    /** A runtime user's access as this instance last read it; empty: no such user. */
    private record Known(Optional<UserAccounts.Account> account, Instant readAt) {
    }

    /** Published on every instance when a runtime user's access changed (disabled, deleted, roles, password). */
    public record AccessChanged(String username) {
    }

    AccessChanges(HazelcastInstance hazelcast, ApplicationEventPublisher events, Clock clock) {
        this.topic = hazelcast.getTopic(TOPIC);
        this.events = events;
        this.clock = clock;
    }

    @Override
    public void afterPropertiesSet() {
        listener = topic.addMessageListener(message -> {
            known.remove(message.getMessageObject());
            events.publishEvent(new AccessChanged(message.getMessageObject()));
        });
    }

    @Override
    public void destroy() {
        try {
            topic.removeMessageListener(listener);
        } catch (RuntimeException e) {
            log.debug("user change listener already gone with the member");
        }
    }

    /** The user's account as last read, read again through {@code reader} when older than {@link #STATE_TTL}. */
    Optional<UserAccounts.Account> lastRead(String username, Function<String, Optional<UserAccounts.Account>> reader) {
        Instant now = clock.instant();
        return known.compute(username, (name, before) -> before != null && before.readAt().plus(STATE_TTL).isAfter(now)
                ? before : new Known(reader.apply(name), now)).account();
    }

    /** Tells every instance, this one included, that the user's access changed. */
    void changed(String username) {
        known.remove(username);
        topic.publish(username);
    }
}
