/**
 * Outbound: which channel and address a reply goes to, sending it through the channel's sink
 * connector, and recording its delivery status on the turn.
 */
package io.switchboard.delivery;
