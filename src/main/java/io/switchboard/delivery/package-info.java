/**
 * Outbound: the reply route's steps (which channel and address, the turn recorded, into the durable
 * outbox), the outbox that sends each message once through the channel's sink connector with retries,
 * dead letters and fallback, the last checks before a send, and delivery receipts onto the turn.
 */
package io.switchboard.delivery;
