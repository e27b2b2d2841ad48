package io.switchboard.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The inbox's live event stream ({@code /api/v1/inbox/events}) as a user reads it. */
public final class LiveEvents {

    private LiveEvents() {
    }

    /**
     * Connects as {@code user} and waits (at most 20 s) until the stream said hello; the future completes
     * with the data of the first event named {@code event}.
     */
    public static CompletableFuture<JsonNode> first(int port, String user, String password, String event)
            throws Exception {
        var connected = new CompletableFuture<Void>();
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/inbox/events"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                        .getBytes(StandardCharsets.UTF_8))).header("Accept", "text/event-stream").build();
        var found = HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                .thenApplyAsync(response -> {
                    try (var lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                        boolean wanted = false;
                        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                            if (line.equals("event:hello")) {
                                connected.complete(null);
                            } else if (line.startsWith("event:")) {
                                wanted = line.equals("event:" + event);
                            } else if (wanted && line.startsWith("data:")) {
                                return new ObjectMapper().readTree(line.substring(5));
                            }
                        }
                        throw new IllegalStateException("the stream ended before an event " + event);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
        connected.get(20, TimeUnit.SECONDS);
        return found;
    }
}
