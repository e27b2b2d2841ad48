package io.switchboard.delivery;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param fallbackOrder channels to try, in order, when the customer has no preference and their last
 *                      channel cannot carry the reply
 * @param outbox        how the outbox sends and retries
 * @param sessionChannels channels that reach a person only while they are connected (the web chat):
 *                      a one-time code sent there would go back to whoever claimed the address, and
 *                      their address (a visitor id) does not name the customer to an agent
 * @param liveChannels  channels where the customer is on a live call: the call itself puts them
 *                      through to a person, so no handoff notice is spoken into it
 */
@ConfigurationProperties("switchboard.delivery")
public record DeliveryProperties(@DefaultValue({"chat", "email", "sms"}) List<String> fallbackOrder,
                                 @DefaultValue Outbox outbox,
                                 @DefaultValue("chat") List<String> sessionChannels,
                                 @DefaultValue("voice") List<String> liveChannels) {

    @ConstructorBinding
    public DeliveryProperties {
        fallbackOrder = List.copyOf(fallbackOrder);
        outbox = outbox == null ? Outbox.DEFAULTS : outbox;
        sessionChannels = sessionChannels == null ? List.of("chat") : List.copyOf(sessionChannels);
        liveChannels = liveChannels == null ? List.of("voice") : List.copyOf(liveChannels);
    }

    /** With the built-in session (chat) and live (voice) channels. */
    public DeliveryProperties(List<String> fallbackOrder, Outbox outbox) {
        this(fallbackOrder, outbox, null, null);
    }

    /**
     * @param pollInterval      how often each instance looks for messages due on the conversations it owns
     * @param initialBackoff    wait before the first retry
     * @param multiplier        growth of the wait from one retry to the next
     * @param maxBackoff        longest wait between two tries
     * @param jitter            share of each wait that is random (0 to 1), so retries after an outage spread out
     * @param maxAttempts       tries in all before a message is dead-lettered
     * @param lease             how long a try may take before another instance may take the message over
     *                          (longer than the channel's own timeouts)
     * @param senders           messages sent at once per instance (one at a time per conversation)
     * @param fallbackOnFailure a dead-lettered reply goes out again on the next channel that can reach
     *                          the customer
     * @param sweepInterval     how often one instance looks for unfinished messages stored but in no
     *                          member's memory (a member died while writing one); such a message is
     *                          found once it has been unchanged this long
     */
    public record Outbox(
            @DefaultValue("500ms") Duration pollInterval,
            @DefaultValue("2s") Duration initialBackoff,
            @DefaultValue("2.0") double multiplier,
            @DefaultValue("5m") Duration maxBackoff,
            @DefaultValue("0.2") double jitter,
            @DefaultValue("8") int maxAttempts,
            @DefaultValue("2m") Duration lease,
            @DefaultValue("8") int senders,
            @DefaultValue("true") boolean fallbackOnFailure,
            @DefaultValue("30s") Duration sweepInterval) {

        static final Outbox DEFAULTS = new Outbox(Duration.ofMillis(500), Duration.ofSeconds(2), 2.0,
                Duration.ofMinutes(5), 0.2, 8, Duration.ofMinutes(2), 8, true, Duration.ofSeconds(30));

        public Outbox {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("switchboard.delivery.outbox.max-attempts must be at least 1");
            }
            if (multiplier < 1.0) {
                throw new IllegalArgumentException("switchboard.delivery.outbox.multiplier must be at least 1");
            }
            if (jitter < 0 || jitter > 1) {
                throw new IllegalArgumentException("switchboard.delivery.outbox.jitter must be between 0 and 1");
            }
            if (senders < 1) {
                throw new IllegalArgumentException("switchboard.delivery.outbox.senders must be at least 1");
            }
            if (pollInterval.isZero() || pollInterval.isNegative()) {
                throw new IllegalArgumentException("switchboard.delivery.outbox.poll-interval must be positive");
            }
            if (sweepInterval.isZero() || sweepInterval.isNegative()) {
                throw new IllegalArgumentException("switchboard.delivery.outbox.sweep-interval must be positive");
            }
        }
    }
}
