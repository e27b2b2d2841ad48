package io.switchboard.bench;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.bench.GatewayProcess.Account;
import io.switchboard.bench.LoadGenerator.Latencies;
import io.switchboard.bench.LoadGenerator.Run;
import io.switchboard.support.AgentApi;
import io.switchboard.support.ChatClient;
import io.switchboard.support.MailClient;
import io.switchboard.support.PostgresTest;
import io.switchboard.support.TwilioStub;
import io.switchboard.support.TwilioWebhookClient;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.core.ConditionTimeoutException;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The benchmark command, {@code mvn -Pbenchmark verify [-Dbench.args="--quick | --profile postgres |
 * --concurrency N | --only PHASES | --jvm OPTION"]}: the ceilings measured in this JVM, then the
 * packaged gateway, routing only, with the embedded AI, and with a model stand-in for one long
 * conversation, under load from this process over loopback. Prints one table, writes it to
 * {@code target/benchmark/results.md}, and exits 1 when a message was lost or duplicated or a reply
 * was sent twice.
 */
public final class Benchmark {

    static final Path OUTPUT = Path.of("target", "benchmark");
    private static final String SMS_PATH = "/webhooks/twilio/sms";
    private static final String SUPPORT_ADDRESS = "support@switchboard.local";
    /** The receiving server whose Authentication-Results the postgres profile's gateway is told to believe. */
    private static final String AUTHSERV_ID = "mx.benchmark.example";
    static final long START = System.nanoTime();

    /**
     * What the command line asks for. The sizes keep a run within 10 minutes on 2 cores ({@code --quick}:
     * about 4) at the rates this gateway reaches there, each phase long enough for its figures to settle.
     */
    record Options(boolean quick, boolean postgres, int concurrency, Set<String> phases, List<String> jvmOptions,
                   List<String> args) {

        static final List<String> PHASES = List.of("ceilings", "routing-only", "embedded-ai", "long-conversation");

        static Options parse(String[] args) {
            boolean quick = false;
            boolean postgres = false;
            int concurrency = 32;
            Set<String> phases = new HashSet<>(PHASES);
            var jvmOptions = new ArrayList<String>();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--quick" -> quick = true;
                    case "--profile" -> postgres = "postgres".equals(value(args, ++i, "--profile"));
                    case "--concurrency" -> concurrency = Integer.parseInt(value(args, ++i, "--concurrency"));
                    case "--only" -> phases = Set.of(value(args, ++i, "--only").split(","));
                    case "--jvm" -> jvmOptions.add(value(args, ++i, "--jvm"));
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]
                            + " (known: --quick, --profile postgres, --concurrency N, --only " + String.join(",", PHASES)
                            + ", --jvm OPTION for the gateway's JVM, as -XX:StartFlightRecording=filename=x.jfr)");
                }
            }
            if (!PHASES.containsAll(phases)) {
                throw new IllegalArgumentException("--only takes " + String.join(",", PHASES));
            }
            return new Options(quick, postgres, concurrency, phases, List.copyOf(jvmOptions), List.of(args));
        }

        boolean runs(String phase) {
            return phases.contains(phase);
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        int smsMessages() {
            return quick ? 1_000 : 10_000;
        }

        int heapConversations() {
            return quick ? 300 : 1_000;
        }

        int aiMessages() {
            return quick ? 200 : 2_000;
        }

        int chatVisitors() {
            return quick ? 20 : 50;
        }

        int chatMessages() {
            return quick ? 5 : 10;
        }

        int mails() {
            return quick ? 50 : 300;
        }

        /** Messages of the one long chat conversation, each answered: twice as many turns. */
        int longConversationMessages() {
            return quick ? 100 : 500;
        }

        int embeddingTexts() {
            return quick ? 500 : 2_000;
        }

        Duration timed() {
            return Duration.ofSeconds(quick ? 5 : 10);
        }

        Duration warmUp() {
            return Duration.ofSeconds(quick ? 1 : 2);
        }
    }

    /** One inbound SMS, signed and ready to post. */
    private record Sms(String sid, String from, String text, HttpRequest request) {
    }

    private final Options options;
    private final Results results = new Results();
    private final LoadGenerator load;
    private final Account admin;
    private final List<String> schemas = new ArrayList<>();
    private double embeddingCeiling;

    private Benchmark(Options options) {
        this.options = options;
        this.load = new LoadGenerator(options.concurrency());
        // the default run has the development users; the postgres profile gets users of this run only
        this.admin = options.postgres() ? new Account("admin", UUID.randomUUID().toString()) : new Account("admin", "admin");
    }

    public static void main(String[] args) throws Exception {
        var benchmark = new Benchmark(Options.parse(args));
        Files.createDirectories(OUTPUT);
        System.exit(benchmark.run() ? 0 : 1);
    }

    private boolean run() throws Exception {
        try {
            if (options.runs("ceilings")) {
                ceilings();
            }
            if (options.runs("routing-only")) {
                routingOnly();
            }
            if (options.runs("embedded-ai")) {
                embeddedAi();
            }
            if (options.runs("long-conversation")) {
                longConversation();
            }
        } finally {
            dropSchemas();
        }
        System.out.println();
        System.out.print(results.table());
        results.write(OUTPUT.resolve("results.md"), commandLine(), javaVersion());
        System.out.println("written to " + OUTPUT.resolve("results.md") + ", gateway logs beside it");
        if (!results.guaranteesHeld()) {
            System.out.println("FAILED: a message was lost or duplicated, or a reply was sent twice");
        }
        return results.guaranteesHeld();
    }

    // ---- 1. ceilings, before any gateway

    private void ceilings() throws Exception {
        progress("ceilings: the embedding model alone");
        embeddingCeiling = Ceilings.embeddingsPerSecond(IntStream.range(0, options.embeddingTexts())
                .mapToObj(Benchmark::question).toList());
        results.add("embedding model alone (this JVM), customer questions", embeddingCeiling, "texts/s");

        int threads = Math.min(8, options.concurrency());
        progress("ceilings: database inserts from " + threads + " threads");
        double rows;
        if (options.postgres()) {
            rows = Ceilings.insertsPerSecond(PostgresTest.URL, PostgresTest.USER, threads, options.timed());
        } else {
            Path folder = Files.createTempDirectory("switchboard-bench-h2-");
            String url = "jdbc:h2:file:" + folder.resolve("db").resolve("ceiling");
            rows = Ceilings.insertsPerSecond(url, "sa", threads, options.timed());
            Ceilings.dropH2(url);
            Files.delete(folder.resolve("db"));
            Files.delete(folder);
        }
        results.add("database alone (" + (options.postgres() ? "PostgreSQL" : "H2 file") + "), a turn-sized row per "
                + "transaction, " + threads + " threads", rows, "rows/s");
    }

    // ---- 2. routing only: HTTP, SMS intake and its guarantee, heap per conversation

    private void routingOnly() throws Exception {
        try (var standIn = new ProviderStandIn();
             var gateway = startGateway("routing-only", standIn, List.of("switchboard.routing.mode=people-only"))) {
            results.add("routing-only gateway: ready in", gateway.readyIn().toMillis() / 1000.0, "s");
            double httpCeiling = httpCeiling(gateway);
            smsIntake(gateway, httpCeiling);
            heapPerConversation(gateway, standIn);
            results.sentTwice(standIn.keysSentTwice());
        }
    }

    /**
     * Requests per second of the cheapest endpoints: the most any webhook could reach on this server.
     * Measured with this process's load generator and, when Debian's {@code wrk} is installed, with
     * it too: the JDK's HTTP client needs most of a core of its own at these rates, wrk far less.
     */
    private double httpCeiling(GatewayProcess gateway) throws Exception {
        double ceiling = 0;
        for (String path : List.of("/actuator/health/liveness", "/chat/")) {
            progress("HTTP ceiling: GET " + path);
            HttpRequest request = HttpRequest.newBuilder(gateway.uri(path)).timeout(Duration.ofSeconds(60)).GET().build();
            load.repeat(request, options.warmUp());
            String what = "GET " + path;
            var cpu = CpuTimes.of(gateway);
            Run run = load.repeat(request, options.timed());
            results.add(what, run.perSecond(200), "requests/s");
            results.add(what + ": latency p50", run.latency().millis(50), "ms");
            results.add(what + ": latency p99", run.latency().millis(99), "ms");
            cpuRow(what, cpu, gateway, run.elapsedNanos());
            if (run.answered(200) != run.count()) {
                results.count(what + ": answers other than 200", run.count() - run.answered(200), "requests");
            }
            ceiling = Math.max(ceiling, run.perSecond(200));
            var wrk = Wrk.run(gateway.uri(path), options.concurrency(), options.timed());
            if (wrk.isPresent()) {
                results.add(what + ", wrk (1 thread, " + options.concurrency() + " connections)", wrk.get(), "requests/s");
                ceiling = Math.max(ceiling, wrk.get());
            }
        }
        if (!Wrk.installed()) {
            results.note("wrk is not installed (apt-get install wrk): the HTTP ceiling is the JDK client's, lower than the server's");
        }
        return ceiling;
    }

    private void smsIntake(GatewayProcess gateway, double httpCeiling) throws Exception {
        progress("inbound SMS: warm-up");
        load.send(requests(smsBatch(gateway, "+15550", 30, 10, Benchmark::note)));

        int senders = options.smsMessages() / 10;
        List<Sms> originals = smsBatch(gateway, "+15551", senders, 10, Benchmark::note);
        // 1 % posted again as a provider retries: a little later, often while the first is still in flight
        var sent = new ArrayList<>(originals);
        for (int i = (originals.size() - 1) / 100 * 100; i >= 0; i -= 100) {
            sent.add(Math.min(i + 1 + options.concurrency(), sent.size()), originals.get(i));
        }
        progress("inbound SMS: " + originals.size() + " webhooks from " + senders + " senders, "
                + (sent.size() - originals.size()) + " of them retried");
        String what = "SMS in, people-only (%,d + 1 %% retried)".formatted(originals.size());
        var cpu = CpuTimes.of(gateway);
        Run run = load.send(requests(sent));
        results.add(what + ": acknowledged", run.perSecond(200), "messages/s", httpCeiling);
        ackLatencies(what, run.latency());
        cpuRow(what, cpu, gateway, run.elapsedNanos());
        results.count(what + ": answers other than 200", run.count() - run.answered(200), "requests");

        Set<String> acknowledged = new HashSet<>();
        for (int i = 0; i < sent.size(); i++) {
            if (run.statuses()[i] == 200) {
                acknowledged.add(sent.get(i).sid());
            }
        }
        progress("inbound SMS: checking " + acknowledged.size() + " acknowledged messages through the agent API");
        Map<String, Integer> turns = turnsPerProviderId(gateway, originals.stream().map(Sms::from).distinct().toList());
        long lost = acknowledged.stream().filter(sid -> turns.getOrDefault(sid, 0) == 0).count();
        long duplicated = acknowledged.stream().filter(sid -> turns.getOrDefault(sid, 0) > 1).count();
        results.count(what + ": acknowledged, found as exactly one turn", acknowledged.size() - lost - duplicated,
                "of %,d".formatted(acknowledged.size()));
        results.lost(lost);
        results.duplicated(duplicated);
    }

    /** How many turns carry each provider message id, over every conversation of these SMS senders. */
    private Map<String, Integer> turnsPerProviderId(GatewayProcess gateway, List<String> senders) throws Exception {
        var api = AgentApi.withToken(gateway.port(), gateway.issueToken("supervisor"));
        Map<String, Integer> turns = new ConcurrentHashMap<>();
        inParallel(8, senders.size(), i -> {
            var found = api.get("/api/v1/customers?address=" + URLEncoder.encode("sms:" + senders.get(i), StandardCharsets.UTF_8));
            if (found.status() == 404) {
                return;
            }
            for (JsonNode conversation : found.json().path("conversations")) {
                var page = api.get("/api/v1/conversations/" + conversation.path("id").asText() + "/turns?limit=500");
                for (JsonNode turn : page.json()) {
                    if (turn.hasNonNull("providerMessageId")) {
                        turns.merge(turn.path("providerMessageId").asText(), 1, Integer::sum);
                    }
                }
            }
        });
        return turns;
    }

    private void heapPerConversation(GatewayProcess gateway, ProviderStandIn standIn) throws Exception {
        int conversations = options.heapConversations();
        List<Sms> batch = smsBatch(gateway, "+15552", conversations, 10, Benchmark::note);
        long textBytes = batch.stream().mapToLong(sms -> sms.text().getBytes(StandardCharsets.UTF_8).length).sum();
        standIn.awaitQuiet(3_000, 60_000);
        long before = gateway.heapAfterGc();
        progress("heap: " + conversations + " more conversations of 10 turns");
        Run run = load.send(requests(batch));
        results.add("SMS in, people-only, 10 each to %,d new conversations".formatted(conversations),
                run.perSecond(200), "messages/s");
        standIn.awaitQuiet(3_000, 120_000);
        long after = gateway.heapAfterGc();
        results.add("heap per open conversation of 10 turns (after full GC)", (after - before) / (double) conversations, "bytes");
        results.add("the same, less the 10 texts received (%d bytes each)".formatted(textBytes / batch.size()),
                (after - before - textBytes) / (double) conversations, "bytes");
        results.note(("heap per conversation: measured over %,d conversations; at %.0f messages/s, 100,000 "
                + "conversations of 10 turns would take %.0f minutes, beyond the run's 10").formatted(conversations,
                run.perSecond(200), 1_000_000 / run.perSecond(200) / 60));
    }

    // ---- 3. embedded AI: SMS answered end to end, web chat, e-mail intake

    private void embeddedAi() throws Exception {
        // every visitor comes from 127.0.0.1: the per-network flood limits would take them for one abuser
        List<String> loopbackVisitors = List.of("switchboard.chat.limits.messages-per-network=1000000/1m",
                "switchboard.chat.limits.new-visitors-per-network=1000000/1h", "switchboard.chat.limits.sockets-per-network=1000");
        try (var standIn = new ProviderStandIn(); var gateway = startGateway("embedded-ai", standIn, loopbackVisitors)) {
            results.add("embedded-AI gateway: ready in", gateway.readyIn().toMillis() / 1000.0, "s");
            aiSms(gateway, standIn);
            chat(gateway);
            email(gateway);
            results.sentTwice(standIn.keysSentTwice());
        }
    }

    private void aiSms(GatewayProcess gateway, ProviderStandIn standIn) throws Exception {
        progress("SMS to the AI: warm-up");
        List<Sms> warmUp = smsBatch(gateway, "+15553", 50, 1, Benchmark::question);
        load.send(requests(warmUp));
        awaitFirstMessages(standIn, warmUp, System.nanoTime() + Duration.ofSeconds(60).toNanos());

        int messages = options.aiMessages();
        List<Sms> batch = smsBatch(gateway, "+15554", messages, 1, i -> question(1_000 + i));
        int aiBefore = standIn.aiReplies();
        progress("SMS to the AI: " + messages + " questions, each from a new sender");
        String what = "SMS in, AI answers (%,d senders, 1 question each)".formatted(messages);
        var cpu = CpuTimes.of(gateway);
        Run run = load.send(requests(batch));
        long loadEnded = System.nanoTime();
        long deadline = loadEnded + Duration.ofSeconds(60).toNanos();
        awaitFirstMessages(standIn, batch, deadline);

        results.add(what + ": acknowledged", run.perSecond(200), "messages/s");
        ackLatencies(what, run.latency());
        results.count(what + ": answers other than 200", run.count() - run.answered(200), "requests");
        var endToEnd = new ArrayList<Long>();
        long lastReply = 0;
        for (int i = 0; i < batch.size(); i++) {
            Long first = standIn.firstArrivalTo(batch.get(i).from());
            if (first != null && first <= deadline) {
                endToEnd.add(first - run.sentAt()[i]);
                lastReply = Math.max(lastReply, first);
            }
        }
        Latencies latencies = Latencies.of(endToEnd.stream().mapToLong(Long::longValue).toArray());
        results.add(what + ": webhook to reply at the provider, p50", latencies.millis(50), "ms");
        results.add(what + ": webhook to reply at the provider, p99", latencies.millis(99), "ms");
        results.add(what + ": webhook to reply at the provider, p99.9", latencies.millis(99.9), "ms");
        results.count(what + ": answered within 60 s of the load's end", latencies.count(), "of %,d".formatted(messages));
        results.count(what + ": of those, by the AI (the rest: handoff notices)", standIn.aiReplies() - aiBefore, "replies");
        long untilLastReply = lastReply - run.sentAt()[0];
        results.add(what + ": replies, vs the embedding model alone", latencies.count() / (untilLastReply / 1e9),
                "replies/s", embeddingCeiling);
        cpuRow(what + ", until the last reply", cpu, gateway, untilLastReply);
    }

    /** Until every sender got a first message or the deadline passed; those without one are counted as such. */
    private static void awaitFirstMessages(ProviderStandIn standIn, List<Sms> batch, long deadline) {
        awaitAtMost(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())), Duration.ofMillis(200),
                () -> batch.stream().allMatch(sms -> standIn.firstArrivalTo(sms.from()) != null));
    }

    /** Polls {@code done} until true or {@code limit} passed, then goes on: the figures tell what was not done. */
    static void awaitAtMost(Duration limit, Duration every, Callable<Boolean> done) {
        try {
            await().atMost(limit).pollInterval(every).until(done);
        } catch (ConditionTimeoutException notAllInTime) {
            // reported in the table
        }
    }

    private void chat(GatewayProcess gateway) throws Exception {
        int visitors = options.chatVisitors();
        int messages = options.chatMessages();
        progress("web chat: " + visitors + " visitors, " + messages + " messages each, one after the other");
        long[] acks = new long[visitors * messages];
        long[] replies = new long[visitors * messages];
        var missing = new AtomicInteger();
        long start = System.nanoTime();
        inParallel(visitors, visitors, v -> {
            try (var visitor = ChatClient.connect(gateway.port())) {
                visitor.hello(null);
                for (int m = 0; m < messages; m++) {
                    int k = v * messages + m;
                    long sent = System.nanoTime();
                    JsonNode ack = visitor.say("m-" + m, question(10_000 + k));
                    acks[k] = "ack".equals(ack.path("type").asText()) ? System.nanoTime() - sent : -1;
                    try {
                        visitor.next("message");
                        replies[k] = System.nanoTime() - sent;
                    } catch (AssertionError noReplyWithin10Seconds) {
                        replies[k] = -1;
                        missing.incrementAndGet();
                    }
                }
            }
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        Latencies ack = Latencies.of(Arrays.stream(acks).filter(t -> t >= 0).toArray());
        Latencies reply = Latencies.of(Arrays.stream(replies).filter(t -> t >= 0).toArray());
        String what = "web chat (%d visitors x %d, each awaiting the reply)".formatted(visitors, messages);
        results.add(what + ": messages", ack.count() / seconds, "messages/s");
        results.add(what + ": ack round trip p50", ack.millis(50), "ms");
        results.add(what + ": ack round trip p99", ack.millis(99), "ms");
        results.add(what + ": reply round trip p50", reply.millis(50), "ms");
        results.add(what + ": reply round trip p99", reply.millis(99), "ms");
        results.count(what + ": refused, or no reply within 10 s", acks.length - ack.count() + missing.get(), "messages");
    }

    private void email(GatewayProcess gateway) throws Exception {
        int count = options.mails();
        var client = new MailClient("127.0.0.1", gateway.smtpPort(), 0);
        var mails = new ArrayList<MimeMessage>();
        for (int i = 0; i < count; i++) {
            MimeMessage mail = client.compose("customer-" + i + "@customer.example", SUPPORT_ADDRESS, "Question " + i,
                    question(20_000 + i));
            if (options.postgres()) {
                mail.addHeader("Authentication-Results", AUTHSERV_ID + "; dmarc=pass header.from=customer.example");
            }
            mails.add(mail);
        }
        String accepted = "outcome=\"accepted\"";
        double before = gateway.metricSum("switchboard_email_intake_total", accepted);
        progress("e-mail: " + count + " mails over SMTP, then the intake");
        long start = System.nanoTime();
        mails.forEach(client::send);
        var taken = new AtomicReference<>(before);
        awaitAtMost(Duration.ofSeconds(count / 5 + 60), Duration.ofMillis(250), () -> {
            taken.set(gateway.metricSum("switchboard_email_intake_total", accepted));
            return taken.get() >= before + count;
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        String what = "e-mail in (%d mails over SMTP, IMAP polled)".formatted(count);
        // the connector takes batch-size mails every poll-interval: 50 every 5 s by default
        results.add(what + ": taken in, vs 50 per 5 s poll", (taken.get() - before) / seconds, "mails/s", 10);
        results.count(what + ": taken in", (long) (taken.get() - before), "of " + count);
    }

    /** CPU time used so far by the gateway and by this process (the load generator, the stand-ins). */
    private record CpuTimes(long gatewayNanos, long ownNanos) {
        static CpuTimes of(GatewayProcess gateway) {
            return new CpuTimes(gateway.cpuTime().toNanos(),
                    ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO).toNanos());
        }
    }

    /** The cores the gateway and this process kept busy over {@code elapsedNanos} since {@code since}. */
    private void cpuRow(String what, CpuTimes since, GatewayProcess gateway, long elapsedNanos) {
        CpuTimes now = CpuTimes.of(gateway);
        results.text(what + ": cores busy, gateway / load", "%.2f / %.2f".formatted(
                        (double) (now.gatewayNanos() - since.gatewayNanos()) / elapsedNanos,
                        (double) (now.ownNanos() - since.ownNanos()) / elapsedNanos),
                "of " + Runtime.getRuntime().availableProcessors());
    }

    // ---- 4. one conversation growing long, answered by a model (the stand-in) through the openai provider

    private void longConversation() throws Exception {
        // replies leave at the outbox's next poll, every 500 ms by default: polled every 50 ms here, so that
        // 500 messages one after the other take a minute, not four
        List<String> settings = List.of("switchboard.ai.provider=openai", "switchboard.ai.model=stand-in",
                "switchboard.chat.limits.messages-per-visitor=1000000/1m", "switchboard.chat.limits.messages-per-network=1000000/1m",
                "switchboard.delivery.outbox.poll-interval=50ms");
        int messages = options.longConversationMessages();
        int window = 10;
        try (var standIn = new ProviderStandIn(); var gateway = startGateway("long-conversation", standIn,
                concat(settings, List.of("switchboard.ai.base-url=" + standIn.baseUrl() + "/v1")))) {
            progress("long conversation: " + messages + " chat messages, each awaiting the model's reply");
            long[] replies = new long[messages];
            int[] prompts = new int[messages];
            int answered = 0;
            try (var visitor = ChatClient.connect(gateway.port())) {
                visitor.hello(null);
                for (; answered < messages; answered++) {
                    long sent = System.nanoTime();
                    visitor.say("long-" + answered, question(30_000 + answered));
                    try {
                        visitor.next("message");
                    } catch (AssertionError noReplyWithin10Seconds) {
                        // handed to a person: the model answers no more in this conversation
                        break;
                    }
                    replies[answered] = System.nanoTime() - sent;
                    prompts[answered] = standIn.lastPromptChars();
                }
            }
            if (answered < messages) {
                results.note("long conversation: message %d got no reply within 10 s, the phase stopped there"
                        .formatted(answered + 1));
                messages = Math.max(answered, 2 * window);
            }
            String early = "turns 1-%d".formatted(2 * window);
            String late = "turns %,d-%,d".formatted(2 * (messages - window) + 1, 2 * messages);
            String what = "one chat conversation of %,d turns, model stand-in, outbox polled every 50 ms".formatted(2 * messages);
            results.add(what + ": prompt size, " + early, average(prompts, 0, window), "characters");
            results.add(what + ": prompt size, " + late, average(prompts, messages - window, messages), "characters");
            results.add(what + ": reply round trip p50, " + early, median(replies, 0, window), "ms");
            results.add(what + ": reply round trip p50, " + late, median(replies, messages - window, messages), "ms");
            results.count(what + ": messages answered by the model, one after the other", answered,
                    "of %,d".formatted(options.longConversationMessages()));
            results.sentTwice(standIn.keysSentTwice());
        }
    }

    private static double average(int[] values, int from, int to) {
        return Arrays.stream(values, from, to).average().orElse(Double.NaN);
    }

    private static double median(long[] nanos, int from, int to) {
        return Latencies.of(Arrays.stream(nanos, from, to).filter(t -> t >= 0).toArray()).millis(50);
    }

    private static List<String> concat(List<String> first, List<String> second) {
        var all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    // ---- the gateway and its load

    private GatewayProcess startGateway(String phase, ProviderStandIn standIn, List<String> phaseSettings) throws Exception {
        var settings = new ArrayList<>(standIn.settings());
        if (options.postgres()) {
            settings.addAll(postgresSettings());
        }
        settings.addAll(phaseSettings);
        progress(phase + ": starting the gateway");
        return GatewayProcess.start(phase, options.jvmOptions(), settings, admin);
    }

    /**
     * The postgres profile on the local test database, in a schema of its own, with the users it
     * requires, and the embedded mail server on loopback in place of a real one (senders vouched for
     * by a trusted receiving server, as production requires).
     */
    private List<String> postgresSettings() {
        String schema = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        schemas.add(schema);
        return postgresSettings(PostgresTest.URL, schema, admin);
    }

    /** The same for a database at {@code url} (a relay in front of the test database, say), in {@code schema}. */
    static List<String> postgresSettings(String url, String schema, Account admin) {
        String password = "{bcrypt}" + new BCryptPasswordEncoder().encode(admin.password());
        return List.of("spring.profiles.active=postgres",
                "spring.datasource.url=" + url + "?currentSchema=" + schema,
                "spring.datasource.username=" + PostgresTest.USER,
                "spring.flyway.schemas=" + schema,
                "switchboard.cluster.name=" + schema,
                "server.address=127.0.0.1",
                "switchboard.security.users[0].username=" + admin.user(),
                "switchboard.security.users[0].password=" + password,
                "switchboard.security.users[0].roles=agent,supervisor,admin",
                "switchboard.security.users[1].username=supervisor",
                "switchboard.security.users[1].password=" + password,
                "switchboard.security.users[1].roles=agent,supervisor",
                "switchboard.email.embedded-server.enabled=true",
                "switchboard.email.imap.ssl=false",
                "switchboard.email.smtp.starttls=false",
                "switchboard.email.trusted-authserv-ids=" + AUTHSERV_ID);
    }

    private void dropSchemas() throws Exception {
        for (String schema : schemas) {
            dropSchema(schema);
        }
    }

    static void dropSchema(String schema) throws Exception {
        try (var connection = DriverManager.getConnection(PostgresTest.URL, PostgresTest.USER, "")) {
            connection.createStatement().execute("drop schema if exists " + schema + " cascade");
        }
    }

    /** Signed webhooks from {@code senders} new numbers (prefix + 6 digits), {@code each} apiece, taking turns. */
    private static List<Sms> smsBatch(GatewayProcess gateway, String prefix, int senders, int each, IntFunction<String> text) {
        var batch = new ArrayList<Sms>(senders * each);
        for (int i = 0; i < senders * each; i++) {
            String from = prefix + "%06d".formatted(i % senders);
            String body = text.apply(i);
            String sid = TwilioWebhookClient.messageSid();
            Map<String, String> form = TwilioWebhookClient.sms(sid, from, body);
            String encoded = formBody(form);
            HttpRequest request = HttpRequest.newBuilder(gateway.uri(SMS_PATH)).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("X-Twilio-Signature", TwilioWebhookClient.sign(TwilioStub.AUTH_TOKEN,
                            TwilioStub.PUBLIC_BASE_URL + SMS_PATH, form))
                    .POST(HttpRequest.BodyPublishers.ofString(encoded)).build();
            batch.add(new Sms(sid, from, body, request));
        }
        return batch;
    }

    /** Form fields as an {@code application/x-www-form-urlencoded} body. */
    static String formBody(Map<String, String> form) {
        return form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    private static List<HttpRequest> requests(List<Sms> batch) {
        return batch.stream().map(Sms::request).toList();
    }

    private void ackLatencies(String what, Latencies latencies) {
        results.add(what + ": ack latency p50", latencies.millis(50), "ms");
        results.add(what + ": ack latency p99", latencies.millis(99), "ms");
        results.add(what + ": ack latency p99.9", latencies.millis(99.9), "ms");
    }

    /** Something that may fail, for each index. */
    private interface Task {
        void run(int index) throws Exception;
    }

    private static void inParallel(int threads, int count, Task task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            var futures = new ArrayList<Future<?>>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    task.run(index);
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- what customers write

    /** Questions the sample knowledge base answers. */
    private static final List<String> QUESTIONS = List.of(
            "How do I return an item?", "Can I pay by invoice?", "Can I send back something I bought?",
            "What is your return policy?", "How long do refunds take?", "How much does shipping cost?",
            "Do you ship internationally?", "Is there free shipping?", "Where is my order?",
            "Has my order shipped yet?", "How do I reset my password?", "Which payment methods do you accept?",
            "Can I pay with PayPal?", "What are your opening hours?", "When is customer service available?",
            "Can I change my delivery address?", "How do I check my gift card balance?", "Do gift cards expire?");
    private static final List<String> OPENINGS = List.of("", "Hi! ", "Hello, quick question. ", "Hi there, ");
    private static final List<String> CLOSINGS = List.of("", " Thanks.", " Thank you!", " Cheers");

    /**
     * A question worded one of 288 ways, taken in turn: more than the last 64 texts the gateway's
     * embedding model remembers, so no message is answered from that memory because the benchmark
     * repeats itself.
     */
    static String question(int i) {
        return OPENINGS.get(i % OPENINGS.size()) + QUESTIONS.get(i / OPENINGS.size() % QUESTIONS.size())
                + CLOSINGS.get(i / (OPENINGS.size() * QUESTIONS.size()) % CLOSINGS.size());
    }

    /** What customers write to a person: an order number and a problem. */
    private static final List<String> NOTES = List.of(
            "Hi, my order %d has not arrived yet. Can someone check where it is?",
            "The charger from order %d stopped working after two days.",
            "I was charged twice for order %d, please look into it.",
            "Can I still change the size in order %d? Thanks",
            "Following up on order %d: any news about my refund?");

    static String note(int i) {
        return NOTES.get(i % NOTES.size()).formatted(40_000 + i % 9_973);
    }

    // ---- reporting

    static void progress(String what) {
        System.out.printf("[%4ds] %s%n", (System.nanoTime() - START) / 1_000_000_000, what);
    }

    private String commandLine() {
        return "mvn -Pbenchmark verify" + (options.args().isEmpty() ? "" : " -Dbench.args=\"" + String.join(" ", options.args()) + "\"");
    }

    private static String javaVersion() throws IOException, InterruptedException {
        Process java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
                .redirectErrorStream(true).start();
        String version = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        java.waitFor();
        return version;
    }
}
