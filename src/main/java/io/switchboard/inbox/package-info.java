/**
 * What agents and supervisors work with: queues (skills, priority, business hours, SLA), agents
 * (skills, capacity, presence), assignment that is safe across instances, the agent REST API under
 * {@code /api/v1/}, live updates, KPIs, the satisfaction survey, and the inbox page at {@code /inbox/}.
 */
package io.switchboard.inbox;
