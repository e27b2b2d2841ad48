package io.switchboard.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Debian's {@code wrk}, when installed: the same GET again and again, its requests per second read from its report. */
final class Wrk {

    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");

    private Wrk() {
    }

    static boolean installed() {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(":")).anyMatch(folder -> Files.isExecutable(Path.of(folder, "wrk")));
    }

    /** Requests per second over {@code duration} with {@code connections}, after a second of warm-up; empty without wrk. */
    static Optional<Double> run(URI uri, int connections, Duration duration) throws IOException, InterruptedException {
        if (!installed()) {
            return Optional.empty();
        }
        report(uri, connections, Duration.ofSeconds(1));
        Matcher rate = RATE.matcher(report(uri, connections, duration));
        return rate.find() ? Optional.of(Double.parseDouble(rate.group(1))) : Optional.empty();
    }

    private static String report(URI uri, int connections, Duration duration) throws IOException, InterruptedException {
        Process wrk = new ProcessBuilder("wrk", "-t1", "-c" + connections, "-d" + duration.toSeconds() + "s", uri.toString())
                .redirectErrorStream(true).start();
        String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        wrk.waitFor();
        return output;
    }
}
