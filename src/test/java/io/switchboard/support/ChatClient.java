package io.switchboard.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A chat visitor over a real WebSocket (the JDK's client), speaking the widget's JSON frames. */
public final class ChatClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final List<JsonNode> seen = new CopyOnWriteArrayList<>();
    private final WebSocket socket;
    private volatile boolean closed;

    private ChatClient(int port, String forwardedFor) {
        var builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (forwardedFor != null) {
            builder.header("X-Forwarded-For", forwardedFor);
        }
        this.socket = builder.buildAsync(URI.create("ws://localhost:" + port + "/chat/ws"), new Listener()).join();
    }

    public static ChatClient connect(int port) {
        return new ChatClient(port, null);
    }

    /**
     * A visitor behind a proxy that says they come from {@code clientIp} (believed by a gateway with
     * {@code server.forward-headers-strategy=native}, as from any proxy on loopback).
     */
    public static ChatClient connectFrom(int port, String clientIp) {
        return new ChatClient(port, clientIp);
    }

    /** Says hello with the token (null for a new visitor) and returns the welcome frame. */
    public JsonNode hello(String token) {
        ObjectNode frame = JSON.createObjectNode().put("type", "hello");
        if (token != null) {
            frame.put("token", token);
        }
        send(frame);
        return next("welcome");
    }

    public JsonNode say(String id, String text) {
        send(JSON.createObjectNode().put("type", "message").put("id", id).put("text", text));
        return next("ack", "error");
    }

    public void send(JsonNode frame) {
        sendRaw(frame.toString());
    }

    public void sendRaw(String text) {
        socket.sendText(text, true).join();
    }

    public ObjectNode frame(String type) {
        return JSON.createObjectNode().put("type", type);
    }

    /** The next frame of one of the given types, skipping others; fails after 10 seconds. */
    public JsonNode next(String... types) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try {
            while (System.nanoTime() < deadline) {
                JsonNode frame = frames.poll(100, TimeUnit.MILLISECONDS);
                if (frame == null) {
                    continue;
                }
                for (String type : types) {
                    if (type.equals(frame.path("type").asText())) {
                        return frame;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new AssertionError("no " + String.join("/", types) + " frame within 10 s");
    }

    /** Every frame the server sent so far, whether {@link #next} took it or not. */
    public List<JsonNode> seen() {
        return List.copyOf(seen);
    }

    public boolean isOpen() {
        return !closed && !socket.isOutputClosed() && !socket.isInputClosed();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null).join();
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode frame = JSON.readTree(partial.toString());
                    seen.add(frame);
                    frames.add(frame);
                } catch (Exception e) {
                    throw new IllegalStateException("server sent a frame that is not JSON", e);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed = true;
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed = true;
        }
    }
}
