package io.switchboard.inbox;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A human queue: who may serve it (skills every assignee needs), how it ranks against other
 * queues, when it is staffed, and how long a customer may wait in it.
 *
 * @param name        the name routing picks, e.g. {@code billing}
 * @param displayName what agents read
 * @param priority    higher is served first when an agent belongs to several queues
 * @param skills      skills an agent needs, e.g. {@code language:de}, {@code product:billing}, {@code channel:voice}
 * @param hours       business hours; outside them the customer is told when a person will answer
 * @param sla         longest wait (counted in business hours) before the conversation is escalated
 * @param strategy    how an agent is chosen among those who can take the conversation
 * @param source      {@code configuration} or {@code admin} (changed at runtime)
 */
public record QueueDefinition(String name, String displayName, int priority, Set<String> skills, BusinessHours hours,
                              Duration sla, AssignmentStrategy strategy, String source) {

    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    public QueueDefinition {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a queue name is 1-64 lower-case letters, digits, '.', '_' or '-': " + name);
        }
        displayName = displayName == null || displayName.isBlank() ? name : displayName.strip();
        skills = skills == null ? Set.of() : Set.copyOf(skills);
        hours = hours == null ? BusinessHours.ALWAYS : hours;
        Objects.requireNonNull(sla, "sla");
        if (sla.isNegative() || sla.isZero()) {
            throw new IllegalArgumentException("the SLA of queue " + name + " must be positive");
        }
        strategy = strategy == null ? AssignmentStrategy.LONGEST_IDLE : strategy;
        source = source == null ? "configuration" : source;
    }

    /** How an agent is chosen among those who can take a conversation. */
    public enum AssignmentStrategy {
        /** the agent whose last assignment (or return to available) is longest ago */
        LONGEST_IDLE,
        /** the agent with the fewest conversations, longest idle first among equals */
        LEAST_LOADED
    }
}
