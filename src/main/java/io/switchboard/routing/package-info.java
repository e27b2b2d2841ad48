/**
 * Who answers a conversation that needs an answer, and why: the decision and its recorded reason.
 */
package io.switchboard.routing;
