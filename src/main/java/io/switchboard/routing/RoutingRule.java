package io.switchboard.routing;

import java.util.Optional;

/**
 * One rule of who answers, with an id (recorded on the decision, and listed in
 * {@code switchboard.routing.disabled-rules} to switch it off). Rules are tried in order; the first
 * that decides wins.
 */
interface RoutingRule {

    String id();

    /** The routing this rule decides for the message, or empty when it has nothing to say. */
    Optional<RoutingDecision> decide(Situation situation);
}
