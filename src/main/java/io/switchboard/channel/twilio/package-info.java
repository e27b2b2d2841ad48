/**
 * What the SMS and voice connectors share: the Twilio REST client (configurable base URL, timeouts,
 * no hidden retries), credentials, the preamble every Twilio webhook passes (configured, signed with
 * {@code X-Twilio-Signature}, this account), and Twilio's status callbacks as delivery receipts.
 */
package io.switchboard.channel.twilio;
