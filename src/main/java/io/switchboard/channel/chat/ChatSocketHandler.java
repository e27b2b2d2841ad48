package io.switchboard.channel.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.envelope.EnvelopeHeaders;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;

/**
 * The chat socket. A visitor says {@code hello} (with the token they kept, if any), then sends
 * {@code message}, {@code claim} (an e-mail address or phone number) and {@code confirm} (a code)
 * frames. Frames arrive in parts so an oversized one is counted, never buffered, and refused with
 * an error frame while the connection stays open. Floods are refused with an error frame too (see
 * {@link ChatProperties.Limits}): messages per visitor and per client network, claims per network;
 * a network over its new-visitor or open-socket limit gets the frame and the socket is closed.
 */
@Component
class ChatSocketHandler extends AbstractWebSocketHandler {

    static final String INBOUND_ENDPOINT = "direct:chat-inbound";
    private static final Logger log = LoggerFactory.getLogger(ChatSocketHandler.class);
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final String OUT = "chat.out";
    private static final String VISITOR = "chat.visitor";
    private static final String FRAME = "chat.frame";
    private static final String NETWORK = "chat.network";

    private final VisitorTokens tokens;
    private final ChatSessions sessions;
    private final ChatVisitors visitors;
    private final ProducerTemplate producer;
    private final ObjectMapper json;
    private final ChatProperties properties;
    private final ChatLimits limits;
    private final Clock clock;

    ChatSocketHandler(VisitorTokens tokens, ChatSessions sessions, ChatVisitors visitors, ProducerTemplate producer,
                      ObjectMapper json, ChatProperties properties, ChatLimits limits, Clock clock) {
        this.tokens = tokens;
        this.sessions = sessions;
        this.visitors = visitors;
        this.producer = producer;
        this.json = json;
        this.properties = properties;
        this.limits = limits;
        this.clock = clock;
    }

    /** A frame being received in parts. */
    private static final class PartialFrame {
        final StringBuilder text = new StringBuilder();
        long bytes;
        boolean oversized;
    }

    @Override
    public boolean supportsPartialMessages() {
        return true;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) throws IOException {
        session.getAttributes().put(OUT, new ConcurrentWebSocketSessionDecorator(session, 10_000, 512 * 1024));
        session.getAttributes().put(FRAME, new PartialFrame());
        ClientNetwork network = ClientNetwork.of(session.getRemoteAddress());
        session.getAttributes().put(NETWORK, network);
        if (!limits.opened(network)) {
            refuseAndClose(session, new ChatFrames.Error("too-many-connections",
                    "too many chat windows are open from your network; close one and reload"));
        }
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) throws IOException {
        PartialFrame frame = (PartialFrame) session.getAttributes().get(FRAME);
        if (!frame.oversized) {
            frame.bytes += message.getPayload().getBytes(StandardCharsets.UTF_8).length;
            if (frame.bytes > frameLimit()) {
                frame.oversized = true;
                frame.text.setLength(0);
            } else {
                frame.text.append(message.getPayload());
            }
        }
        if (!message.isLast()) {
            return;
        }
        session.getAttributes().put(FRAME, new PartialFrame());
        if (frame.oversized) {
            tooLarge(session);
            return;
        }
        handleFrame(session, frame.text.toString());
    }

    /** A frame holds the message plus JSON quoting (which can double it) and a few fields. */
    private long frameLimit() {
        return properties.maxMessageSize().toBytes() * 2 + 1024;
    }

    private void handleFrame(WebSocketSession session, String text) throws IOException {
        JsonNode frame;
        try {
            frame = json.readTree(text);
        } catch (IOException e) {
            send(session, new ChatFrames.Error("bad-frame", "frames are JSON objects with a type"));
            return;
        }
        String type = frame == null ? "" : frame.path("type").asText("");
        String visitor = (String) session.getAttributes().get(VISITOR);
        if (!"hello".equals(type) && visitor == null) {
            send(session, new ChatFrames.Error("hello-first", "say hello (with your token, if you have one) first"));
            return;
        }
        switch (type) {
            case "hello" -> hello(session, frame.path("token").asText(null));
            case "message" -> message(session, visitor, frame);
            case "claim" -> send(session, visitors.claim(visitor, network(session), frame.path("address").asText("")));
            case "confirm" -> send(session, visitors.confirm(visitor, frame.path("code").asText("")));
            default -> send(session, new ChatFrames.Error("unknown-type", "unknown frame type"));
        }
    }

    private void hello(WebSocketSession session, String token) throws IOException {
        String previous = (String) session.getAttributes().get(VISITOR);
        if (previous != null) {
            sessions.unregister(previous, out(session));
        }
        Optional<String> verified = tokens.verify(token);
        if (token != null && verified.isEmpty()) {
            log.info("chat token did not verify: starting a new anonymous visitor");
        }
        if (verified.isEmpty() && !limits.newVisitor(network(session))) {
            session.getAttributes().remove(VISITOR);
            refuseAndClose(session, new ChatFrames.Error("too-many-visitors",
                    "too many new chats were started from your network; please try again later"));
            return;
        }
        String visitor = verified.orElseGet(tokens::newVisitorId);
        session.getAttributes().put(VISITOR, visitor);
        sessions.register(visitor, out(session));
        List<ChatFrames.ChatTurn> history = verified.isPresent() ? visitors.history(visitor) : List.of();
        send(session, new ChatFrames.Welcome(tokens.issue(visitor), visitor, history,
                properties.maxMessageSize().toBytes()));
    }

    private void message(WebSocketSession session, String visitor, JsonNode frame) throws IOException {
        String text = frame.path("text").asText("").strip();
        if (text.isEmpty()) {
            send(session, new ChatFrames.Error("empty", "a message needs text"));
            return;
        }
        if (text.getBytes(StandardCharsets.UTF_8).length > properties.maxMessageSize().toBytes()) {
            tooLarge(session);
            return;
        }
        String id = frame.path("id").asText("");
        if (!CLIENT_ID.matcher(id).matches()) {
            id = UUID.randomUUID().toString();
        }
        var wait = limits.message(visitor, network(session));
        if (wait.isPresent()) {
            send(session, ChatFrames.Error.limited("rate-limited", "you are sending messages too fast; this one "
                    + "was not sent, please send it again in a moment", id, Math.max(1, wait.get().toSeconds())));
            return;
        }
        var inbound = new ChatInbound(visitor, id, text, clock.instant());
        Exchange result = producer.request(INBOUND_ENDPOINT, exchange -> exchange.getMessage().setBody(inbound));
        if (result.getException() != null) {
            log.warn("chat message could not be recorded: {}", result.getException().getClass().getSimpleName());
            send(session, new ChatFrames.Error("not-recorded",
                    "your message could not be recorded; please send it again"));
            return;
        }
        Long seq = result.getMessage().getHeader(EnvelopeHeaders.TURN_SEQ, Long.class);
        send(session, new ChatFrames.Ack(id, seq == null ? 0 : seq));
    }

    private void tooLarge(WebSocketSession session) throws IOException {
        send(session, new ChatFrames.Error("message-too-large", "messages are limited to "
                + properties.maxMessageSize().toBytes() + " bytes"));
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        String visitor = (String) session.getAttributes().get(VISITOR);
        if (visitor != null) {
            sessions.unregister(visitor, out(session));
        }
        if (session.getAttributes().remove(NETWORK) instanceof ClientNetwork network) {
            limits.closed(network);
        }
    }

    private static ClientNetwork network(WebSocketSession session) {
        return session.getAttributes().get(NETWORK) instanceof ClientNetwork network ? network : ClientNetwork.UNKNOWN;
    }

    /** Tells the visitor why, then closes the socket as a policy violation. */
    private void refuseAndClose(WebSocketSession session, ChatFrames.Error why) throws IOException {
        send(session, why);
        out(session).close(CloseStatus.POLICY_VIOLATION.withReason(why.code()));
    }

    @Override
    public void handleTransportError(WebSocketSession session, Throwable exception) {
        log.debug("chat transport error: {}", exception.getClass().getSimpleName());
    }

    private static WebSocketSession out(WebSocketSession session) {
        return (WebSocketSession) session.getAttributes().get(OUT);
    }

    private void send(WebSocketSession session, Object frame) throws IOException {
        out(session).sendMessage(new TextMessage(sessions.write(frame)));
    }
}
