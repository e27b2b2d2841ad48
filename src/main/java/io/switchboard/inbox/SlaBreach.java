package io.switchboard.inbox;

import java.time.Duration;
import java.time.Instant;

/** A conversation waited in its queue past the SLA (counted in business hours) and was escalated. */
record SlaBreach(String conversationId, String queue, Duration waited, Duration sla, Instant at) {
}
