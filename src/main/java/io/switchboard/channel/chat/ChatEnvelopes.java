package io.switchboard.channel.chat;

import io.switchboard.envelope.Envelope;
import org.springframework.stereotype.Component;

/** Maps chat payloads to envelopes; used by the {@code chat-source} Kamelet. */
@Component("chatEnvelopes")
public class ChatEnvelopes {

    public static final String CHANNEL = "chat";

    public Envelope toEnvelope(ChatInbound inbound) {
        // a client id is only unique within one visitor's browser: the visitor scopes it
        return Envelope.inbound(CHANNEL, inbound.visitorId() + "/" + inbound.clientMessageId(), inbound.visitorId(),
                "gateway", inbound.text(), inbound.receivedAt());
    }
}
