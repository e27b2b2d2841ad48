package io.switchboard.inbox;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The agent inbox: queues and agents (keyed by name), and the timings assignment runs on.
 *
 * @param defaultQueue    where conversations for an unknown queue go
 * @param queues          queue definitions by name
 * @param agents          agent profiles by user name
 * @param agentDefaults   profile of a user who has none configured
 * @param sweepInterval   how often the cluster's oldest member re-checks waiting conversations, SLAs and presence
 * @param presenceTimeout an agent not seen for this long goes offline (their conversations return to the queue)
 * @param stickyWindow    a returning customer goes to the agent who last helped them within this time
 * @param slaWarning      share of the SLA after which a waiting conversation shows as at risk
 * @param escalationBoost priority added to a conversation that waited past its SLA
 * @param repeatWindow    a new conversation of the same customer with the same intent within this time is a repeat contact
 * @param closedNotice    what a customer writing to a closed queue is told; {opens} is the next opening
 * @param csat            the satisfaction survey sent on resolution
 * @param cannedResponses replies agents insert, with {{customer.name}}, {{agent.name}}, {{queue.name}}, {{conversation.id}}
 */
@ConfigurationProperties("switchboard.inbox")
public record InboxProperties(
        @DefaultValue("default") String defaultQueue,
        @DefaultValue Map<String, QueueSettings> queues,
        @DefaultValue Map<String, AgentSettings> agents,
        @DefaultValue AgentSettings agentDefaults,
        @DefaultValue("5s") Duration sweepInterval,
        @DefaultValue("5m") Duration presenceTimeout,
        @DefaultValue("30d") Duration stickyWindow,
        @DefaultValue("0.75") double slaWarning,
        @DefaultValue("10") int escalationBoost,
        @DefaultValue("7d") Duration repeatWindow,
        @DefaultValue("Thank you for your message. Our team is away right now; a person will answer from {opens}.")
        String closedNotice,
        @DefaultValue Csat csat,
        @DefaultValue List<Canned> cannedResponses) {

    public InboxProperties {
        if (slaWarning <= 0 || slaWarning >= 1) {
            throw new IllegalArgumentException("switchboard.inbox.sla-warning is a share between 0 and 1");
        }
    }

    /** A queue as configured; {@code schedule} lines like {@code mon-fri 09:00-17:00}, none for 24/7. */
    public record QueueSettings(String displayName, @DefaultValue("0") int priority, @DefaultValue Set<String> skills,
                                @DefaultValue("UTC") String timeZone, @DefaultValue List<String> schedule,
                                @DefaultValue List<LocalDate> holidays, @DefaultValue("15m") Duration sla,
                                @DefaultValue("longest-idle") String strategy) {

        QueueDefinition toDefinition(String name) {
            return new QueueDefinition(name, displayName, priority, skills,
                    BusinessHours.parse(timeZone, schedule, holidays), sla,
                    QueueDefinition.AssignmentStrategy.valueOf(strategy.strip().toUpperCase().replace('-', '_')),
                    "configuration");
        }
    }

    /**
     * An agent's profile.
     *
     * @param capacity most concurrent conversations per channel ({@code chat: 3}); {@code default} for the
     *                 others; none configured: {@value Agent#DEFAULT_CAPACITY} on every channel
     */
    public record AgentSettings(String displayName, @DefaultValue("default") List<String> queues,
                                @DefaultValue Set<String> skills, @DefaultValue Map<String, Integer> capacity) {
    }

    /** The one-question survey on resolution; answers 1 to 5 are accepted for {@code expiry}. */
    public record Csat(@DefaultValue("true") boolean enabled,
                       @DefaultValue("How satisfied are you with our help? Reply with a number from 1 (not at all) to 5 (very).")
                       String question,
                       @DefaultValue("7d") Duration expiry) {
    }

    /** A canned response. */
    public record Canned(String id, String title, String text) {
    }
}
