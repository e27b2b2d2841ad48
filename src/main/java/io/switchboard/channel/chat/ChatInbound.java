package io.switchboard.channel.chat;

import java.time.Instant;

/** What a visitor typed, as the chat socket received it: the chat provider's own payload. */
public record ChatInbound(String visitorId, String clientMessageId, String text, Instant receivedAt) {
}
