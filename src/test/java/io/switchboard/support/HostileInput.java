package io.switchboard.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * The ledger of the hostile-input suite: every case an attacker's test tries, and what the gateway
 * made of it. A case is recorded before it is asserted, so a failing run still shows what got
 * through. The counts go to {@code target/hostile-input/summary.txt}, which the build prints.
 */
public final class HostileInput {

    static final Path DIR = Path.of("target", "hostile-input");
    static final Path CASES = DIR.resolve("cases.tsv");
    static final Path SUMMARY = DIR.resolve("summary.txt");

    /** What became of one case. */
    public enum Outcome {
        /** Refused, and nothing of it stored. */
        REFUSED("refused as expected"),
        /** Accepted, as it must be, and kept harmless: stored once, shown as text, never run. */
        HARMLESS("accepted and kept harmless"),
        /** Stored although it had to be refused, stored twice, or left something active. */
        STORED_BY_MISTAKE("stored by mistake"),
        /** Neither refused nor stored, or accepted and then missing. */
        LOST("let through or lost");

        final String label;

        Outcome(String label) {
            this.label = label;
        }
    }

    static {
        try {
            Files.createDirectories(DIR);
            Files.deleteIfExists(CASES);
            Files.deleteIfExists(SUMMARY);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private final String channel;

    private HostileInput(String channel) {
        this.channel = channel;
    }

    /** The cases of one channel (or entry point): {@code email}, {@code sms}, {@code chat}, {@code api}, ... */
    public static HostileInput on(String channel) {
        return new HostileInput(channel);
    }

    /** A case that must be refused with nothing stored; {@code stored} is asked after the refusal. */
    public void refused(String name, boolean refused, BooleanSupplier stored) {
        refused(name, refused, stored, "");
    }

    /** As {@link #refused(String, boolean, BooleanSupplier)}, with what the gateway answered for a failure message. */
    public void refused(String name, boolean refused, BooleanSupplier stored, Object answer) {
        boolean kept = stored.getAsBoolean();
        record(name, kept ? Outcome.STORED_BY_MISTAKE : refused ? Outcome.REFUSED : Outcome.LOST);
        assertThat(kept).as("%s: %s stored nothing", channel, name).isFalse();
        assertThat(refused).as("%s: %s was refused %s", channel, name, answer).isTrue();
    }

    /** A case the gateway must accept and keep exactly once, harmless. */
    public void accepted(String name, int timesStored, boolean harmless) {
        record(name, timesStored > 1 || !harmless ? Outcome.STORED_BY_MISTAKE
                : timesStored == 0 ? Outcome.LOST : Outcome.HARMLESS);
        assertThat(timesStored).as("%s: %s stored exactly once", channel, name).isEqualTo(1);
        assertThat(harmless).as("%s: %s kept harmless", channel, name).isTrue();
    }

    private synchronized void record(String name, Outcome outcome) {
        try {
            Files.writeString(CASES, channel + "\t" + name.replace('\t', ' ').replace('\n', ' ') + "\t" + outcome.name()
                    + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Files.writeString(SUMMARY, summary(Files.readAllLines(CASES, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One line for the whole suite, then one per channel. */
    static String summary(List<String> lines) {
        var total = new LinkedHashMap<Outcome, Integer>();
        var perChannel = new TreeMap<String, Map<Outcome, Integer>>();
        for (String line : lines) {
            String[] fields = line.split("\t");
            Outcome outcome = Outcome.valueOf(fields[2]);
            total.merge(outcome, 1, Integer::sum);
            perChannel.computeIfAbsent(fields[0], k -> new LinkedHashMap<>()).merge(outcome, 1, Integer::sum);
        }
        var out = new StringBuilder("hostile input: ").append(counts(lines.size(), total)).append('\n');
        perChannel.forEach((channel, counts) -> out.append(String.format(Locale.ROOT, "  %-11s", channel))
                .append(counts(counts.values().stream().mapToInt(Integer::intValue).sum(), counts)).append('\n'));
        return out.toString();
    }

    private static String counts(int tried, Map<Outcome, Integer> counts) {
        var parts = new StringBuilder(tried + " cases tried");
        for (Outcome outcome : Outcome.values()) {
            parts.append(", ").append(counts.getOrDefault(outcome, 0)).append(' ').append(outcome.label);
        }
        return parts.toString();
    }
}
