package io.switchboard.routing;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * The human queues as routing needs to know them, offered by whoever keeps them (the inbox): routing
 * picks a queue by name, skill and opening hours, and tells the customer their place in line.
 */
public interface QueueCatalog {

    boolean exists(String queue);

    /** The skills every assignee of the queue needs ({@code language:de}, {@code product:billing}). */
    Set<String> skills(String queue);

    /** The first queue, by priority, whose assignees have {@code skill}. */
    Optional<String> withSkill(String skill);

    /** True while a person answers in the queue. */
    boolean isOpen(String queue, Instant at);

    /** Conversations waiting in the queue now. */
    int waiting(String queue);
}
