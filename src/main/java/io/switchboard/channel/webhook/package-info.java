/**
 * What every provider webhook shares: a body size limit (413), the raw body kept for signature
 * checks, form decoding, and the HMAC signature of webhooks from other systems.
 */
package io.switchboard.channel.webhook;
