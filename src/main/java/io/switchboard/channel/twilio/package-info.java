/**
 * What the SMS and voice connectors share: the Twilio REST client (configurable base URL, timeouts,
 * no hidden retries), credentials, and the {@code X-Twilio-Signature} check of Twilio's webhooks.
 */
package io.switchboard.channel.twilio;
