package io.switchboard.customer;

/**
 * Who sent an inbound message, as the "identify the customer" step found them.
 *
 * @param customerId the customer the message belongs to
 * @param address    the sender's address, normalised
 * @param unverified why the channel could not vouch for the sender, or null: such a customer is one
 *                   of their own, never the address's owner
 * @param evidence   why a sender the channel could not vouch for was believed after all, or null
 */
public record Identity(String customerId, Address address, String unverified, String evidence) {
}
