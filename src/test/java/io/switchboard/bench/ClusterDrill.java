package io.switchboard.bench;

import static io.switchboard.bench.Benchmark.progress;

import io.switchboard.bench.GatewayProcess.Account;
import io.switchboard.bench.GatewayProcess.Place;
import io.switchboard.support.PostgresTest;
import io.switchboard.support.TwilioStub;
import io.switchboard.support.TwilioWebhookClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The cluster drill, {@code mvn -Pcluster-drill verify [-Ddrill.args="--quick | --only kill,rolling,restart,database"]}:
 * three packaged gateways in JVMs of their own on loopback form one cluster on one PostgreSQL schema,
 * reached through a relay that can be cut ({@link DatabaseProxy}), with replies going to a Twilio
 * stand-in. Signed SMS webhooks come from many senders, each sending its next message only once the
 * last was acknowledged (so the order of a sender's turns can be checked), spread over the members
 * that are in service as a load balancer would, and sent again to another member when refused or
 * unanswered, as the provider's retry or a balancer would. Routing is automatic, with the embedded AI.
 *
 * <p>Each scenario starts its own cluster ({@code --quick}: they follow one another on one) and, once
 * the load and the outbox have settled, counts
 * from the database and the stand-in: acknowledged messages without a turn (lost), messages with
 * more than one turn (duplicated), senders whose turns are not in the order acknowledged, replies
 * sent twice, and messages left in the outbox. Prints one table, writes it to
 * {@code target/benchmark/cluster-drill.md}, and exits 1 when any of those counts is not 0.
 */
public final class ClusterDrill {

    private static final String SMS_PATH = "/webhooks/twilio/sms";
    private static final int MEMBERS = 3;
    private static final Duration SETTLE_LIMIT = Duration.ofMinutes(3);

    /** What the command line asks for; {@code --quick} is the short version the test suite runs. */
    record Options(boolean quick, Set<String> scenarios, List<String> args) {

        static final List<String> SCENARIOS = List.of("kill", "rolling", "restart", "database", "split");

        static Options parse(String[] args) {
            boolean quick = false;
            Set<String> scenarios = new LinkedHashSet<>(SCENARIOS);
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--quick" -> quick = true;
                    case "--only" -> {
                        if (++i >= args.length) {
                            throw new IllegalArgumentException("--only needs a value");
                        }
                        scenarios = new LinkedHashSet<>(List.of(args[i].split(",")));
                    }
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]
                            + " (known: --quick, --only " + String.join(",", SCENARIOS) + ")");
                }
            }
            if (!SCENARIOS.containsAll(scenarios)) {
                throw new IllegalArgumentException("--only takes " + String.join(",", SCENARIOS));
            }
            return new Options(quick, scenarios, List.of(args));
        }

        int senders() {
            return quick ? 12 : 40;
        }

        int messagesEach() {
            return quick ? 8 : 30;
        }

        Duration databaseOutage() {
            return Duration.ofSeconds(quick ? 10 : 30);
        }

        Duration split() {
            return Duration.ofSeconds(quick ? 30 : 60);
        }
    }

    /** What one scenario counted. */
    record Outcome(String scenario, int sent, int acknowledged, int lost, int duplicated, int outOfOrder, long sentTwice,
                   int repliesDelivered, int outboxLeft, Map<Integer, Integer> refusals, String measured) {

        boolean held() {
            return acknowledged == sent && lost == 0 && duplicated == 0 && outOfOrder == 0 && sentTwice == 0 && outboxLeft == 0;
        }
    }

    private final Options options;
    private final Account admin = new Account("admin", UUID.randomUUID().toString());
    private final List<Outcome> outcomes = new ArrayList<>();

    ClusterDrill(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        var drill = new ClusterDrill(Options.parse(args));
        boolean held = drill.run();
        System.out.print(table(drill.outcomes));
        Files.createDirectories(Benchmark.OUTPUT);
        Path report = Benchmark.OUTPUT.resolve("cluster-drill.md");
        Files.writeString(report, "# Switchboard cluster drill\n\n- command: `mvn -Pcluster-drill verify"
                + (args.length == 0 ? "" : " -Ddrill.args=\"" + String.join(" ", args) + "\"") + "`\n- cores: "
                + Runtime.getRuntime().availableProcessors() + "\n\n```\n" + table(drill.outcomes) + "```\n");
        System.out.println("written to " + report + ", gateway logs beside it");
        System.exit(held ? 0 : 1);
    }

    /**
     * Runs the scenarios asked for, in order; true when every count held. Each gets a cluster of its
     * own, but with {@code --quick} they follow one another on one cluster (a killed member is started
     * again before the next), which saves two thirds of the starting on 2 cores.
     */
    boolean run() throws Exception {
        if (options.quick()) {
            try (var cluster = new Cluster("quick", options.scenarios().contains("split"))) {
                for (String scenario : options.scenarios()) {
                    outcomes.add(scenario(scenario, cluster));
                }
            }
        } else {
            for (String scenario : options.scenarios()) {
                try (var cluster = new Cluster(scenario, scenario.equals("split"))) {
                    outcomes.add(scenario(scenario, cluster));
                }
            }
        }
        return outcomes.stream().allMatch(Outcome::held);
    }

    List<Outcome> outcomes() {
        return List.copyOf(outcomes);
    }

    private Outcome scenario(String name, Cluster cluster) throws Exception {
        return switch (name) {
            case "kill" -> kill(cluster);
            case "rolling" -> rollingRestart(cluster);
            case "restart" -> fullRestart(cluster);
            case "database" -> databaseOutage(cluster);
            case "split" -> split(cluster);
            default -> throw new IllegalArgumentException(name);
        };
    }

    // ---- the scenarios

    /** One member killed with SIGKILL a third of the way through the load; the other two carry on. */
    private Outcome kill(Cluster cluster) throws Exception {
        var traffic = new Traffic(cluster, "+1555100");
        traffic.awaitAcknowledged(traffic.total() / 3);
        progress("kill: SIGKILL to member 2 (port " + cluster.members[1].port() + ")");
        long killedAt = System.nanoTime();
        cluster.kill(1);
        traffic.finish();
        double longest = traffic.longestWaitAcross(killedAt) / 1e9;
        Outcome outcome = cluster.count("kill one member (SIGKILL) under load", traffic,
                "longest a sender waited across the kill: %.1f s".formatted(longest));
        if (options.quick()) {
            // the next scenario runs on this cluster, with three members
            progress("kill: starting member 2 again");
            cluster.start(1);
        }
        return outcome;
    }

    /** Each member in turn taken out of service, stopped (SIGTERM), started again and put back, under load. */
    private Outcome rollingRestart(Cluster cluster) throws Exception {
        var traffic = new Traffic(cluster, "+1555200");
        traffic.awaitAcknowledged(Math.max(1, traffic.total() / 10));
        long started = System.nanoTime();
        for (int member = 0; member < MEMBERS; member++) {
            progress("rolling: restarting member " + (member + 1));
            cluster.stop(member);
            cluster.start(member);
        }
        double took = (System.nanoTime() - started) / 1e9;
        traffic.finish();
        return cluster.count("rolling restart of all three under load", traffic,
                "the three restarts took %.0f s".formatted(took));
    }

    /**
     * The provider refuses every message, so replies wait in the outbox; every member is stopped,
     * the provider comes back, every member is started: each waiting reply goes out exactly once.
     */
    private Outcome fullRestart(Cluster cluster) throws Exception {
        cluster.standIn.refuse(true);
        var traffic = new Traffic(cluster, "+1555300");
        traffic.finish();
        Benchmark.awaitAtMost(Duration.ofSeconds(60), Duration.ofMillis(500), () -> cluster.standIn.refused() > 0);
        progress("restart: stopping all three members");
        for (int member = 0; member < MEMBERS; member++) {
            cluster.stop(member);
        }
        int waiting = cluster.outboxNotFinished();
        cluster.standIn.refuse(false);
        progress("restart: " + waiting + " replies waiting in the outbox; starting all three members");
        long started = System.nanoTime();
        cluster.startAll();
        double took = (System.nanoTime() - started) / 1e9;
        return cluster.count("full stop and start, replies waiting", traffic,
                "%d replies waited through the stop; cluster ready again in %.0f s".formatted(waiting, took));
    }

    /** The database taken away from every member for a while under load, then given back. */
    private Outcome databaseOutage(Cluster cluster) throws Exception {
        var traffic = new Traffic(cluster, "+1555400");
        traffic.awaitAcknowledged(traffic.total() / 3);
        Duration outage = options.databaseOutage();
        progress("database: cut for " + outage.toSeconds() + " s");
        int acknowledgedBefore = traffic.acknowledged();
        long cutAt = System.nanoTime();
        cluster.database.cut();
        Thread.sleep(outage.toMillis());
        int acknowledgedDuring = traffic.acknowledged() - acknowledgedBefore;
        cluster.database.restore();
        progress("database: back");
        traffic.finish();
        double longest = traffic.longestWaitAcross(cutAt) / 1e9;
        return cluster.count("PostgreSQL away for %d s under load".formatted(outage.toSeconds()), traffic,
                "%d acknowledged during the outage; longest a sender waited across it: %.1f s"
                        .formatted(acknowledgedDuring, longest));
    }

    /**
     * Member 3 cut off from members 1 and 2 (both ways) under load, then healed. Member 3 stays in
     * service, as a load balancer that still reaches it would keep it: once it misses the others'
     * heartbeats it has no quorum, refuses every write with 503 and the senders go elsewhere.
     */
    private Outcome split(Cluster cluster) throws Exception {
        var traffic = new Traffic(cluster, "+1555500");
        traffic.awaitAcknowledged(traffic.total() / 3);
        GatewayProcess minority = cluster.members[2];
        Duration split = options.split();
        progress("split: member 3 cut off from members 1 and 2 for " + split.toSeconds() + " s");
        long cutAt = System.nanoTime();
        cluster.network.isolate(2);
        long notReadyAt = 0;
        try {
            Awaitility.await().atMost(split).pollInterval(Duration.ofMillis(500)).until(() -> !minority.ready());
            notReadyAt = System.nanoTime();
            progress("split: member 3 has no quorum and is not ready");
        } catch (ConditionTimeoutException stillReady) {
            progress("split: member 3 stayed ready through the cut");
        }
        // the cut lasts its whole length, whenever the member noticed it
        Duration left = split.minusNanos(System.nanoTime() - cutAt);
        if (!left.isNegative() && !left.isZero()) {
            Awaitility.await().pollDelay(left).atMost(left.plusSeconds(5)).until(() -> true);
        }
        cluster.network.heal();
        long healedAt = System.nanoTime();
        progress("split: healed");
        Benchmark.awaitAtMost(Duration.ofMinutes(4), Duration.ofMillis(500), minority::ready);
        double whole = (System.nanoTime() - healedAt) / 1e9;
        progress("split: member 3 ready again after %.0f s".formatted(whole));
        traffic.finish();
        double longest = traffic.longestWaitAcross(cutAt) / 1e9;
        return cluster.count("member 3 cut off for %d s under load".formatted(split.toSeconds()), traffic,
                "minority not ready %s after the cut, ready again %.0f s after healing; longest a sender waited: %.1f s"
                        .formatted(notReadyAt == 0 ? "never" : "%.0f s".formatted((notReadyAt - cutAt) / 1e9), whole,
                                longest));
    }

    // ---- three members, one database, one provider stand-in

    private final class Cluster implements AutoCloseable {

        final String name;
        final String schema = "drill_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        final ProviderStandIn standIn = new ProviderStandIn();
        final DatabaseProxy database;
        final List<Place> places = new ArrayList<>();
        final List<Integer> hazelcastPorts = new ArrayList<>();
        final GatewayProcess[] members = new GatewayProcess[MEMBERS];
        final List<GatewayProcess> serving = new CopyOnWriteArrayList<>();
        final Map<Integer, Integer> starts = new HashMap<>();
        /** Each member's Hazelcast on an address of its own, so the network between them can be cut; or null. */
        final NetworkSplit network;

        Cluster(String name, boolean splittable) throws Exception {
            this.name = name;
            this.network = splittable ? new NetworkSplit(MEMBERS) : null;
            String hostPort = PostgresTest.URL.replaceFirst("jdbc:postgresql://", "").replaceFirst("/.*", "");
            String[] parts = hostPort.split(":");
            database = new DatabaseProxy(parts[0], parts.length > 1 ? Integer.parseInt(parts[1]) : 5432);
            for (int i = 0; i < MEMBERS; i++) {
                places.add(Place.fresh());
                hazelcastPorts.add(freePort());
            }
            progress(name + ": starting three members");
            try {
                startAll();
            } catch (Exception | Error e) {
                close();
                throw e;
            }
        }

        List<String> settings(int member) {
            String relayed = PostgresTest.URL.replaceFirst("//[^/]+/", "//127.0.0.1:" + database.port() + "/");
            var settings = new ArrayList<>(standIn.settings());
            settings.addAll(Benchmark.postgresSettings(relayed, schema, admin));
            settings.addAll(List.of(
                    "switchboard.cluster.interface=" + address(member),
                    "switchboard.cluster.port=" + hazelcastPorts.get(member),
                    "switchboard.cluster.members=" + IntStream.range(0, MEMBERS)
                            .mapToObj(other -> address(other) + ":" + hazelcastPorts.get(other))
                            .collect(Collectors.joining(",")),
                    "switchboard.cluster.quorum=2",
                    // every sender is one number sending fast: the per-sender limit would take them for floods
                    "switchboard.sms.rate-limit=1000000",
                    // waiting replies retried within seconds, not the production minutes
                    "switchboard.delivery.outbox.initial-backoff=1s",
                    "switchboard.delivery.outbox.max-backoff=4s",
                    "switchboard.delivery.outbox.max-attempts=1000",
                    // a reply a killed member was sending is taken over after this (production: 2 minutes);
                    // longer than the database outage, which a send outlives only within its lease
                    "switchboard.delivery.outbox.lease=60s"));
            return settings;
        }

        private String address(int member) {
            return network == null ? "127.0.0.1" : NetworkSplit.address(member);
        }

        void startAll() throws Exception {
            for (int member = 0; member < MEMBERS; member++) {
                members[member] = launch(member);
            }
            for (GatewayProcess member : members) {
                member.awaitReady();
                serving.add(member);
            }
        }

        private GatewayProcess launch(int member) throws IOException {
            int start = starts.merge(member, 1, Integer::sum);
            // --quick: the JIT's first tier only, which starts three JVMs on 2 cores in far less time
            var jvm = new ArrayList<>(options.quick() ? List.of("-Xmx1g", "-XX:TieredStopAtLevel=1") : List.of("-Xmx1g"));
            if (network != null) {
                // a member silent for 15 s is taken for gone (production: Hazelcast's 60 s), and the
                // two sides of a healed split look for each other every 10 s (production: 2 to 5 minutes)
                jvm.addAll(List.of("-Dhazelcast.max.no.heartbeat.seconds=15",
                        "-Dhazelcast.merge.first.run.delay.seconds=10", "-Dhazelcast.merge.next.run.delay.seconds=10"));
            }
            return GatewayProcess.launch("cluster-" + name + "-member-" + (member + 1) + "-start-" + start,
                    jvm, settings(member), admin, places.get(member));
        }

        void kill(int member) throws InterruptedException {
            members[member].kill();
            serving.remove(members[member]);
        }

        /** Out of service first (as Kubernetes takes a terminating pod out of its Service), then SIGTERM. */
        void stop(int member) throws InterruptedException {
            serving.remove(members[member]);
            members[member].stop();
        }

        void start(int member) throws Exception {
            members[member] = launch(member);
            members[member].awaitReady();
            serving.add(members[member]);
        }

        /** Waits until the outbox has nothing left to send and the provider heard nothing for 3 s, then counts. */
        Outcome count(String scenario, Traffic traffic, String measured) throws Exception {
            progress(name + ": load done, waiting for the outbox to settle");
            Benchmark.awaitAtMost(SETTLE_LIMIT, Duration.ofSeconds(1), () -> outboxNotFinished() == 0);
            standIn.awaitQuiet(3_000, 60_000);
            Map<String, List<String>> turns = new HashMap<>();
            Map<String, Integer> perSid = new HashMap<>();
            try (var connection = DriverManager.getConnection(PostgresTest.URL, PostgresTest.USER, "");
                 var rows = connection.createStatement().executeQuery("select customer_address, provider_message_id from "
                         + schema + ".turn where provider_message_id is not null and lower(direction) = 'inbound'"
                         + " order by at, conversation_id, seq")) {
                while (rows.next()) {
                    String sid = rows.getString(2);
                    if (!traffic.senderOfSid.containsKey(sid)) {
                        continue; // an earlier scenario's, on the same cluster
                    }
                    perSid.merge(sid, 1, Integer::sum);
                    turns.computeIfAbsent(traffic.senderOf(sid), sender -> new ArrayList<>()).add(sid);
                }
            }
            int lost = 0;
            int outOfOrder = 0;
            for (Sender sender : traffic.senders) {
                List<String> missing = sender.acknowledged.stream().filter(sid -> !perSid.containsKey(sid)).toList();
                lost += missing.size();
                if (!missing.isEmpty()) {
                    describeLoss(sender, missing);
                }
                List<String> recorded = turns.getOrDefault(sender.from, List.of()).stream().distinct()
                        .filter(sender.acknowledged::contains).toList();
                if (!recorded.equals(sender.acknowledged.stream().filter(perSid::containsKey).toList())) {
                    outOfOrder++;
                }
            }
            int duplicated = (int) perSid.values().stream().filter(n -> n > 1).count();
            var outcome = new Outcome(scenario, traffic.total(), traffic.acknowledged(), lost, duplicated, outOfOrder,
                    standIn.keysSentTwice() - traffic.sentTwiceBefore, standIn.keysReceived() - traffic.repliesBefore,
                    outboxNotFinished(), new TreeMap<>(traffic.refusals),
                    measured);
            progress(name + ": " + outcome);
            return outcome;
        }

        /** What an operator needs to find out why: when and by which member each message was acknowledged, and the rows. */
        private void describeLoss(Sender sender, List<String> missing) throws Exception {
            for (int i = 0; i < sender.acknowledged.size(); i++) {
                String sid = sender.acknowledged.get(i);
                progress("  %s message %d %s acknowledged by the member on port %d at %.3f s%s".formatted(sender.from, i, sid,
                        sender.acknowledgedBy.get(i), (sender.acknowledgedAt.get(i) - Benchmark.START) / 1e9,
                        missing.contains(sid) ? "  <- no turn" : ""));
            }
            try (var connection = DriverManager.getConnection(PostgresTest.URL, PostgresTest.USER, "");
                 var rows = connection.createStatement().executeQuery("select conversation_id, seq, at, direction, author, "
                         + "provider_message_id from " + schema + ".turn where conversation_id in (select conversation_id from "
                         + schema + ".turn where customer_address like '%" + sender.from.substring(1) + "%') order by conversation_id, seq")) {
                while (rows.next()) {
                    progress("  row %s #%d %s %s %s %s".formatted(rows.getString(1), rows.getLong(2), rows.getTimestamp(3),
                            rows.getString(4), rows.getString(5), rows.getString(6)));
                }
            }
        }

        /** Outbox rows neither sent nor given up on, plus those given up on: both are replies not delivered. */
        int outboxNotFinished() throws Exception {
            try (var connection = DriverManager.getConnection(PostgresTest.URL, PostgresTest.USER, "");
                 var rows = connection.createStatement().executeQuery(
                         "select count(*) from " + schema + ".outbox_message where upper(state) <> 'SENT'")) {
                rows.next();
                return rows.getInt(1);
            }
        }

        @Override
        public void close() throws Exception {
            for (GatewayProcess member : members) {
                if (member != null) {
                    member.close();
                }
            }
            standIn.close();
            database.close();
            if (network != null) {
                network.close();
            }
            Benchmark.dropSchema(schema);
        }
    }

    // ---- the load: senders one message after the other

    /** One customer's phone: what it sent and when each message was acknowledged, in order. */
    private static final class Sender {
        final String from;
        final List<String> acknowledged = new CopyOnWriteArrayList<>();
        final List<Long> acknowledgedAt = new CopyOnWriteArrayList<>();
        final List<Integer> acknowledgedBy = new CopyOnWriteArrayList<>();

        Sender(String from) {
            this.from = from;
        }
    }

    private final class Traffic {

        final Cluster cluster;
        final List<Sender> senders = new ArrayList<>();
        final Map<String, String> senderOfSid = new ConcurrentHashMap<>();
        final Map<Integer, Integer> refusals = new ConcurrentHashMap<>();
        final AtomicInteger acknowledged = new AtomicInteger();
        final AtomicLong deadline = new AtomicLong(Long.MAX_VALUE);
        final ExecutorService threads;
        final List<Future<?>> running = new ArrayList<>();
        final long sentTwiceBefore;
        final int repliesBefore;

        Traffic(Cluster cluster, String prefix) {
            this.cluster = cluster;
            this.sentTwiceBefore = cluster.standIn.keysSentTwice();
            this.repliesBefore = cluster.standIn.keysReceived();
            int count = options.senders();
            threads = Executors.newFixedThreadPool(count);
            for (int i = 0; i < count; i++) {
                var sender = new Sender(prefix + "%04d".formatted(i));
                senders.add(sender);
                int first = i;
                running.add(threads.submit(() -> {
                    send(sender, first);
                    return null;
                }));
            }
            progress(cluster.name + ": " + count + " senders, " + options.messagesEach() + " messages each");
        }

        int total() {
            return options.senders() * options.messagesEach();
        }

        int acknowledged() {
            return acknowledged.get();
        }

        String senderOf(String sid) {
            return senderOfSid.getOrDefault(sid, "");
        }

        void awaitAcknowledged(int count) {
            Benchmark.awaitAtMost(Duration.ofMinutes(5), Duration.ofMillis(100), () -> acknowledged() >= count);
        }

        /** Waits for every sender to finish; a sender still refused 2 minutes after the last event gives up. */
        void finish() throws Exception {
            deadline.set(System.nanoTime() + Duration.ofMinutes(2).toNanos());
            for (Future<?> sender : running) {
                sender.get();
            }
            threads.shutdown();
        }

        /** The longest time between two acknowledgements of one sender that spans {@code moment}. */
        long longestWaitAcross(long moment) {
            long longest = 0;
            for (Sender sender : senders) {
                List<Long> times = sender.acknowledgedAt;
                for (int i = 1; i < times.size(); i++) {
                    if (times.get(i - 1) <= moment && times.get(i) > moment) {
                        longest = Math.max(longest, times.get(i) - times.get(i - 1));
                    }
                }
            }
            return longest;
        }

        private void send(Sender sender, int first) throws InterruptedException {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(2)).build();
            int next = first;
            for (int m = 0; m < options.messagesEach(); m++) {
                String sid = TwilioWebhookClient.messageSid();
                senderOfSid.put(sid, sender.from);
                Map<String, String> form = TwilioWebhookClient.sms(sid, sender.from, Benchmark.question(first * 100 + m));
                String body = Benchmark.formBody(form);
                String signature = TwilioWebhookClient.sign(TwilioStub.AUTH_TOKEN, TwilioStub.PUBLIC_BASE_URL + SMS_PATH, form);
                while (true) {
                    List<GatewayProcess> serving = cluster.serving;
                    int status = -1;
                    GatewayProcess member = null;
                    if (!serving.isEmpty()) {
                        member = serving.get(Math.floorMod(next++, serving.size()));
                        status = post(http, member, body, signature);
                    }
                    if (status == 200) {
                        sender.acknowledged.add(sid);
                        sender.acknowledgedAt.add(System.nanoTime());
                        sender.acknowledgedBy.add(member.port());
                        acknowledged.incrementAndGet();
                        break;
                    }
                    refusals.merge(status, 1, Integer::sum);
                    if (System.nanoTime() > deadline.get()) {
                        return;
                    }
                    Thread.sleep(250);
                }
            }
        }

        /** The answer's status, or -1 when there was none (connection refused or reset, timed out). */
        private static int post(HttpClient http, GatewayProcess member, String body, String signature) throws InterruptedException {
            HttpRequest request = HttpRequest.newBuilder(member.uri(SMS_PATH)).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("X-Twilio-Signature", signature)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            try {
                return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException noAnswer) {
                return -1;
            }
        }
    }

    // ---- reporting

    static String table(List<Outcome> outcomes) {
        var text = new StringBuilder(String.format("%-44s %6s %6s %5s %6s %6s %6s %8s %6s  %s%n", "scenario", "sent",
                "acked", "lost", "dupl.", "order", "twice", "replies", "outbox", "refused on the way (status: count)"));
        for (Outcome o : outcomes) {
            text.append(String.format("%-44s %6d %6d %5d %6d %6d %6d %8d %6d  %s%n", o.scenario(), o.sent(), o.acknowledged(),
                    o.lost(), o.duplicated(), o.outOfOrder(), o.sentTwice(), o.repliesDelivered(), o.outboxLeft(),
                    o.refusals().isEmpty() ? "none" : o.refusals().entrySet().stream()
                            .map(e -> (e.getKey() == -1 ? "no answer" : e.getKey()) + ": " + e.getValue())
                            .collect(Collectors.joining(", "))));
            text.append("    ").append(o.measured()).append('\n');
        }
        return text.append("lost, dupl. (more than one turn), order (senders whose turns are not in the order "
                + "acknowledged), twice (replies sent twice), outbox (replies not delivered): each must be 0\n").toString();
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

}
