/**
 * The generic signed JSON channel: a company's own app or bot platform posts messages to
 * {@code /webhooks/generic/{channel}} and gets replies at a URL of its own, both signed with the
 * channel's secret. A new channel is configuration only ({@code switchboard.generic.channels.<name>}).
 */
package io.switchboard.channel.generic;
