/**
 * SMS through Twilio: the inbound webhook (signature, compliance keywords, per-sender rate limit,
 * MMS media as attachment references), the sender behind the {@code sms-sink} connector, and the
 * GSM-7 / UCS-2 segment rules that decide how a long reply is split.
 */
package io.switchboard.channel.sms;
