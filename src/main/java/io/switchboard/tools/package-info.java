/**
 * The company's systems the AI may consult for one customer: tools behind small interfaces (an order
 * lookup through a configured HTTP API), each call bounded by a deadline and a circuit breaker, and
 * answered only for the verified customer the conversation belongs to.
 */
package io.switchboard.tools;
