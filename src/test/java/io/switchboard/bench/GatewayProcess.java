package io.switchboard.bench;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;

/** The packaged gateway run as users run it, {@code java -jar}, in a process of its own: readiness, heap, log. */
final class GatewayProcess implements AutoCloseable {

    private static final Path JAR = Path.of("target", "switchboard.jar");
    private static final Duration START_LIMIT = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A user of the gateway, for basic authentication. */
    record Account(String user, String password) {
        String authorization() {
            return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Where a gateway runs: its data folder and ports, kept when it is started again after a stop
     * or a kill, as a restarted pod keeps its volume and its Service.
     */
    record Place(Path dataDir, int port, int smtpPort, int imapPort) {

        /** A fresh data folder and free ports. */
        static Place fresh() throws IOException {
            return new Place(Files.createTempDirectory("switchboard-bench-"), freePort(), freePort(), freePort());
        }
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final Process process;
    private final Place place;
    private final Path log;
    private final Account admin;
    private final long launched = System.nanoTime();
    private Duration readyIn;
    private String adminToken;

    private GatewayProcess(Process process, Place place, Path log, Account admin) {
        this.process = process;
        this.place = place;
        this.log = log;
        this.admin = admin;
    }

    /**
     * Starts the jar on free ports (HTTP and the embedded mail server's) with a fresh data folder, no
     * routes or connectors folder (the packaged ones), these {@code key=value} settings, and its log
     * in {@code target/benchmark/<phase>.log}, with these options for its JVM; returns once it is ready.
     */
    static GatewayProcess start(String phase, List<String> jvmOptions, List<String> settings, Account admin)
            throws IOException, InterruptedException {
        GatewayProcess gateway = launch(phase, jvmOptions, settings, admin, Place.fresh());
        gateway.awaitReady();
        return gateway;
    }

    /**
     * Starts the process in {@code place} without waiting ({@link #awaitReady()} waits), so that the
     * members of one cluster start together; a gateway started again where one stopped finds its data.
     */
    static GatewayProcess launch(String phase, List<String> jvmOptions, List<String> settings, Account admin, Place place)
            throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: it is packaged by mvn package, before the benchmark");
        }
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        Path dataDir = place.dataDir();
        command.addAll(List.of("-jar", JAR.toString(), "--server.port=" + place.port(), "--switchboard.data-dir=" + dataDir,
                "--switchboard.routes-dir=" + dataDir.resolve("none"), "--switchboard.connectors-dir=" + dataDir.resolve("none"),
                "--switchboard.email.smtp.port=" + place.smtpPort(), "--switchboard.email.imap.port=" + place.imapPort()));
        settings.forEach(setting -> command.add("--" + setting));
        Files.createDirectories(Benchmark.OUTPUT);
        Path log = Benchmark.OUTPUT.resolve(phase + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // a benchmark stopped half-way (Ctrl+C) leaves no gateway behind
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        return new GatewayProcess(process, place, log, admin);
    }

    /** Waits until the gateway answers its readiness check, then takes an API token for the admin. */
    void awaitReady() throws IOException, InterruptedException {
        awaitReady(launched);
        adminToken = issueToken(admin.user());
    }

    int port() {
        return place.port();
    }

    /** Whether {@code /actuator/health/readiness} answers 200 now (a member without quorum does not). */
    boolean ready() throws InterruptedException {
        var readiness = HttpRequest.newBuilder(uri("/actuator/health/readiness")).timeout(Duration.ofSeconds(5)).build();
        try {
            return http.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException noAnswer) {
            return false;
        }
    }

    int smtpPort() {
        return place.smtpPort();
    }

    /** CPU time the gateway's process has used so far. */
    Duration cpuTime() {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** From starting the process to the first 200 from {@code /actuator/health/readiness}. */
    Duration readyIn() {
        return readyIn;
    }

    /**
     * A bearer API token acting as {@code owner}, issued by the admin: a token is checked with a
     * SHA-256 lookup, basic authentication with bcrypt, which would cost the gateway more CPU than
     * the request being measured.
     */
    String issueToken(String owner) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(uri("/api/v1/tokens")).header("Authorization", admin.authorization())
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"benchmark\", \"owner\": \"" + owner + "\"}")).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("issuing an API token answered " + response.statusCode());
        }
        return JSON.readTree(response.body()).path("secret").asText();
    }

    /** Heap in use right after a full collection ({@code jcmd GC.run}), in bytes. */
    long heapAfterGc() throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(process.pid()), "GC.run").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!jcmd.waitFor(2, TimeUnit.MINUTES) || jcmd.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + process.pid() + " GC.run failed");
        }
        return (long) metricSum("jvm_memory_used_bytes", "area=\"heap\"");
    }

    /** The sum of a Prometheus metric's samples whose labels contain {@code label}, read with the admin's token. */
    double metricSum(String metric, String label) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(uri("/actuator/prometheus"))
                .header("Authorization", "Bearer " + adminToken).header("Accept", "text/plain").build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("/actuator/prometheus answered " + response.statusCode());
        }
        return response.body().lines().filter(line -> line.startsWith(metric + "{") && line.contains(label))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + place.port() + path);
    }

    private void awaitReady(long started) throws InterruptedException {
        var readiness = HttpRequest.newBuilder(uri("/actuator/health/readiness")).timeout(Duration.ofSeconds(5)).build();
        try {
            await().atMost(START_LIMIT).pollInterval(Duration.ofMillis(100)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the gateway stopped while starting (exit " + process.exitValue() + "); see " + log);
                }
                try {
                    return http.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                } catch (IOException notListeningYet) {
                    // the port opens late in the start
                    return false;
                }
            });
            readyIn = Duration.ofNanos(System.nanoTime() - started);
        } catch (ConditionTimeoutException notReady) {
            close();
            throw new IllegalStateException("the gateway was not ready within " + START_LIMIT + "; see " + log);
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Stops the gateway as an operator or Kubernetes would: SIGTERM, graceful shutdown, a minute at most. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(1, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
        }
    }

    /** Ends the process at once with SIGKILL, as a crash or an evicted node would: no shutdown hook runs. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** Stops the gateway ({@link #stop()}) and removes its data folder. */
    @Override
    public void close() throws InterruptedException {
        stop();
        try (Stream<Path> files = Files.walk(place.dataDir())) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + place.dataDir(), e);
        }
    }
}
