/**
 * What every provider webhook shares: the body size limit in front of it (413, see
 * {@link io.switchboard.system.RequestBodyLimit}), form decoding over the raw body, and the timestamped
 * HMAC signature of webhooks from other systems.
 */
package io.switchboard.channel.webhook;
