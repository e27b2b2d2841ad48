package io.switchboard.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A network partition between cluster members on one machine: each member's Hazelcast binds to an
 * address of its own on the loopback interface ({@code 127.0.0.11}, {@code .12}, ...), and iptables
 * drops the packets between the addresses of the two sides, both ways, as a switch failing between
 * two racks would. HTTP and the database stay on {@code 127.0.0.1}, so only the members lose each
 * other. Needs root, {@code ip} and {@code iptables} (Debian: {@code apt-get install iptables}).
 */
final class NetworkSplit implements AutoCloseable {

    private final int members;
    private final List<List<String>> rules = new ArrayList<>();

    /** Adds the members' addresses to the loopback interface; fails with what is missing. */
    NetworkSplit(int members) throws IOException, InterruptedException {
        this.members = members;
        if (run("iptables", "-w", "-L", "INPUT", "-n") != 0) {
            throw new IllegalStateException("the split scenario needs root and iptables (apt-get install iptables)");
        }
        for (int member = 0; member < members; member++) {
            if (!runOrFail("ip", "-o", "addr", "show", "dev", "lo").contains(" " + address(member) + "/")) {
                runOrFail("ip", "addr", "add", address(member) + "/32", "dev", "lo");
            }
        }
    }

    /** The address member {@code member} (from 0) binds Hazelcast to. */
    static String address(int member) {
        return "127.0.0." + (11 + member);
    }

    /** Cuts {@code member} off from every other member, both ways. */
    void isolate(int member) throws IOException, InterruptedException {
        for (int other = 0; other < members; other++) {
            if (other != member) {
                drop(address(member), address(other));
                drop(address(other), address(member));
            }
        }
    }

    /** Lets every packet through again. */
    void heal() throws IOException, InterruptedException {
        for (List<String> rule : rules) {
            var delete = new ArrayList<>(List.of("iptables", "-w", "-D"));
            delete.addAll(rule);
            runOrFail(delete.toArray(String[]::new));
        }
        rules.clear();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        heal();
        for (int member = 0; member < members; member++) {
            run("ip", "addr", "del", address(member) + "/32", "dev", "lo");
        }
    }

    private void drop(String from, String to) throws IOException, InterruptedException {
        List<String> rule = List.of("INPUT", "-s", from, "-d", to, "-j", "DROP");
        var insert = new ArrayList<>(List.of("iptables", "-w", "-I"));
        insert.addAll(rule);
        runOrFail(insert.toArray(String[]::new));
        rules.add(rule);
    }

    /** Runs the command; its output, or an exception with it when the command failed. */
    private static String runOrFail(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output.strip());
        }
        return output;
    }

    /** The command's exit code; -1 when it is not installed or hangs. */
    private static int run(String command, String... args) throws InterruptedException {
        var line = new ArrayList<>(List.of(command));
        line.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(line).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(30, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (IOException notInstalled) {
            return -1;
        }
    }
}
