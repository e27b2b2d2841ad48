/**
 * Who answers a conversation that needs an answer, and why: the intent and language, one ordered list
 * of rules that returns a decision with its recorded reason, and the beans the decide route's branches
 * call (the AI's answer or draft, a handoff to a queue the inbox offers through {@link
 * io.switchboard.routing.QueueCatalog}).
 */
package io.switchboard.routing;
