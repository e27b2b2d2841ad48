package io.switchboard.channel.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import io.switchboard.envelope.Envelope;
import io.switchboard.envelope.EnvelopeHeaders;
import io.switchboard.envelope.Receipt;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * The visitors connected to this instance. Replies are published on a cluster-wide topic by the
 * {@code chat-sink} Kamelet; every instance pushes them to the sockets it holds for that visitor
 * and marks the turn delivered.
 */
@Component
class ChatSessions implements DisposableBean {

    /** Topic the chat-sink Kamelet publishes to. */
    static final String TOPIC = "switchboard-chat-outbound";
    private static final Logger log = LoggerFactory.getLogger(ChatSessions.class);

    private final Map<String, Set<WebSocketSession>> byVisitor = new ConcurrentHashMap<>();
    private final ProducerTemplate producer;
    private final ObjectMapper json;
    private final ITopic<Object> topic;
    private final UUID listener;
    private final ExecutorService receipts = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "chat-receipts");
        thread.setDaemon(true);
        return thread;
    });

    ChatSessions(HazelcastInstance hazelcast, ProducerTemplate producer, ObjectMapper json, ChatProperties properties) {
        this.producer = producer;
        this.json = json;
        // the chat-sink Kamelet publishes there (its topic property follows the same setting)
        this.topic = hazelcast.getTopic(properties.outboundTopic());
        this.listener = topic.addMessageListener(message -> {
            if (message.getMessageObject() instanceof Envelope envelope) {
                push(envelope);
            }
        });
    }

    void register(String visitorId, WebSocketSession session) {
        byVisitor.computeIfAbsent(visitorId, k -> ConcurrentHashMap.newKeySet()).add(session);
    }

    void unregister(String visitorId, WebSocketSession session) {
        byVisitor.computeIfPresent(visitorId, (k, sessions) -> {
            sessions.remove(session);
            return sessions.isEmpty() ? null : sessions;
        });
    }

    int connectedVisitors() {
        return byVisitor.size();
    }

    private void push(Envelope envelope) {
        Set<WebSocketSession> sessions = byVisitor.get(envelope.to());
        if (sessions == null || sessions.isEmpty()) {
            return;
        }
        String author = envelope.metadata().getOrDefault("author", "agent");
        long seq = Long.parseLong(envelope.metadata().getOrDefault("seq", "0"));
        var frame = new ChatFrames.Message(new ChatFrames.ChatTurn(seq, envelope.timestamp(), author,
                envelope.metadata().get("authorName"), envelope.channel(), envelope.text(),
                envelope.metadata().get("kind")));
        int pushed = 0;
        for (WebSocketSession session : sessions) {
            try {
                session.sendMessage(new TextMessage(json.writeValueAsString(frame)));
                pushed++;
            } catch (IOException | IllegalStateException e) {
                log.debug("chat session {} is gone: {}", session.getId(), e.getClass().getSimpleName());
            }
        }
        if (pushed > 0 && envelope.conversationId() != null && seq > 0) {
            // off the Hazelcast event thread: the receipt is a blocking map update
            var delivered = Receipt.forTurn(envelope.channel(), envelope.conversationId(), seq, Receipt.Status.DELIVERED,
                    null, null);
            receipts.execute(() -> producer.sendBody(EnvelopeHeaders.RECEIPTS, delivered));
        }
    }

    String write(Object frame) {
        try {
            return json.writeValueAsString(frame);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("chat frame is not serialisable", e);
        }
    }

    @Override
    public void destroy() {
        receipts.shutdown();
        try {
            topic.removeMessageListener(listener);
        } catch (RuntimeException e) {
            log.debug("chat topic listener already gone with the member");
        }
    }
}
