package io.switchboard.inbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.conversation.ConversationMemory;
import io.switchboard.conversation.ConversationStatus;
import io.switchboard.conversation.Turn;
import io.switchboard.support.AgentApi;
import io.switchboard.support.Gateways;
import io.switchboard.support.Inbound;
import io.switchboard.support.InboxTeam;
import io.switchboard.support.PostgresTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.function.IntSupplier;
import org.apache.camel.ProducerTemplate;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.FileSystemUtils;

/**
 * The search benchmark, {@code mvn -Psearch-benchmark verify [-Dbench.args="--profile postgres |
 * --turns N | --queries N"]}: a gateway on a fresh database (an H2 file, or a schema of the PostgreSQL
 * at 127.0.0.1:5432) is filled with {@code --turns} turns (one million by default; ten per
 * conversation, each conversation with its own phone number and order number, the texts drawn from
 * a vocabulary where some words are in a third of all turns), written as the gateway writes them
 * (rows cloned from one conversation the gateway recorded itself, terms cut by the gateway's own
 * index), then {@code GET /api/v1/search} is timed over HTTP for kinds of queries an agent types.
 * Prints p50, p95 and the slowest per kind, and writes them to {@code target/benchmark/search.md}.
 */
public final class SearchBenchmark {

    private static final int TURNS_PER_CONVERSATION = 10;
    /** Conversations are spread over this many queues; the agent measured sees one of them. */
    private static final int QUEUES = 10;
    private static final int BATCH_CONVERSATIONS = 500;
    /** Words many customers use (none of them a stopword, which the index leaves out). */
    private static final String[] COMMON = {"order", "delivery", "refund", "item", "week", "help", "package",
        "account", "payment", "late", "received", "wrong", "address", "today", "still"};
    private static final String[] RARER = {"charger", "lid", "warranty", "invoice", "courier", "damaged", "missing",
        "voucher", "exchange", "size", "colour", "battery", "receipt", "tracking", "return", "broken", "cable",
        "screen", "heater", "fridge", "kettle", "router", "printer", "blender", "lamp", "drill", "sofa", "table",
        "chair", "mattress"};

    private SearchBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        boolean postgres = false;
        int turns = 1_000_000;
        int queries = 100;
        boolean keep = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--profile" -> postgres = "postgres".equals(args[++i]);
                case "--turns" -> turns = Integer.parseInt(args[++i]);
                case "--queries" -> queries = Integer.parseInt(args[++i]);
                case "--keep" -> keep = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (known: --profile postgres, --turns N, --queries N, --keep)");
            }
        }
        Path out = Path.of("target", "benchmark");
        Files.createDirectories(out);
        String schema = "sb_search_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        Path h2 = out.resolve("search-h2");
        FileSystemUtils.deleteRecursively(h2);
        var settings = new ArrayList<>(List.of("switchboard.cluster.name=search-bench-" + schema,
                "switchboard.cluster.port=" + Gateways.freePort(), "switchboard.routing.mode=people-only",
                "logging.level.root=WARN"));
        if (postgres) {
            settings.addAll(List.of("spring.datasource.url=" + PostgresTest.URL + "?currentSchema=" + schema,
                    "spring.datasource.username=" + PostgresTest.USER, "spring.flyway.schemas=" + schema,
                    "switchboard.email.embedded-server.enabled=true", "switchboard.email.imap.port=0",
                    "switchboard.email.imap.ssl=false", "switchboard.email.smtp.port=0",
                    "switchboard.email.smtp.starttls=false",
                    // the production profile has no development users: the benchmark's own admin ("admin")
                    "switchboard.security.users[0].username=admin",
                    "switchboard.security.users[0].password={bcrypt}$2a$10$XJUlw7Mf.byk7HS.zVhxt.esns671quorlKY9Sfxr1e/3j7uFuS12",
                    "switchboard.security.users[0].roles=agent,supervisor,admin"));
        } else {
            // the default configuration's cache (application.yaml), in a file of its own
            settings.add("spring.datasource.url=jdbc:h2:file:" + h2.toAbsolutePath() + "/db;CACHE_SIZE=262144");
        }
        String[] profiles = postgres ? new String[] {"test", "postgres"} : new String[] {"test"};
        try (ConfigurableApplicationContext gateway = Gateways.startWithProfiles(profiles,
                settings.toArray(String[]::new))) {
            var team = new InboxTeam(Gateways.httpPort(gateway));
            List<String> queues = new ArrayList<>();
            for (int q = 0; q < QUEUES; q++) {
                queues.add(team.queue("bench" + q, "PT1H"));
            }
            String agent = team.agent("bench-agent", 5, queues.get(0));
            Instant started = Instant.now();
            fill(gateway, turns, queues);
            // as agents do, they also own a few conversations of other queues: theirs to find too
            var owned = new ArrayList<Object[]>();
            for (int c = 7; c < turns / TURNS_PER_CONVERSATION && owned.size() < 50; c += 2003) {
                if (c % QUEUES != 0) {
                    owned.add(new Object[] {agent, String.format(Locale.ROOT, "bench-%08d", c)});
                }
            }
            gateway.getBean(JdbcTemplate.class).batchUpdate("update conversation set assignee = ? where id = ?", owned);
            long loadSeconds = Duration.between(started, Instant.now()).toSeconds();
            String report = measure(gateway, turns, queries, postgres, loadSeconds, agent);
            System.out.println(report);
            Files.writeString(out.resolve(postgres ? "search-postgres.md" : "search-h2.md"), report);
        } finally {
            if (postgres && !keep) {
                PostgresTest.Schemas.drop(schema);
            } else if (postgres) {
                System.out.println("the filled database is kept: schema " + schema + " (--keep)");
            }
        }
        System.exit(0);
    }

    /** Writes the turns as the gateway writes them: rows cloned from one it recorded, terms by its own index. */
    private static void fill(ConfigurableApplicationContext gateway, int turns, List<String> queues) throws IOException {
        JdbcTemplate jdbc = gateway.getBean(JdbcTemplate.class);
        ObjectMapper json = gateway.getBean(ObjectMapper.class);
        SearchIndex index = gateway.getBean(SearchIndex.class);
        TransactionTemplate transactions = gateway.getBean(TransactionTemplate.class);
        String model = new Inbound(gateway.getBean(ProducerTemplate.class)).record("sms", "SM" + UUID.randomUUID(),
                "+12025550100", "The template message");
        Inbound.awaitDecided(gateway.getBean(ConversationMemory.class), model);
        Map<String, Object> conversationRow = jdbc.queryForMap("select * from conversation where id = ?", model);
        Map<String, Object> turnRow = jdbc.queryForMap(
                "select * from turn where conversation_id = ? order by seq limit 1", model);
        ObjectNode conversationTemplate = (ObjectNode) json.readTree((String) conversationRow.get("data"));
        ObjectNode turnTemplate = (ObjectNode) json.readTree((String) turnRow.get("data"));
        String customer = (String) conversationRow.get("customer_id");

        int conversations = Math.max(1, turns / TURNS_PER_CONVERSATION);
        var random = new Random(42);
        Instant base = Instant.now().minus(Duration.ofDays(90));
        long step = Duration.ofDays(90).toMillis() / Math.max(1, turns);
        System.out.printf(Locale.ROOT, "filling %,d conversations of %d turns...%n", conversations, TURNS_PER_CONVERSATION);
        for (int from = 0; from < conversations; from += BATCH_CONVERSATIONS) {
            int to = Math.min(conversations, from + BATCH_CONVERSATIONS);
            var conversationArgs = new ArrayList<Object[]>();
            var turnArgs = new ArrayList<Object[]>();
            var stored = new ArrayList<Map.Entry<String, Turn>>();
            for (int c = from; c < to; c++) {
                String id = String.format(Locale.ROOT, "bench-%08d", c);
                String phone = String.format(Locale.ROOT, "+1%010d", 2_000_000_000L + c);
                Instant first = base.plusMillis((long) c * TURNS_PER_CONVERSATION * step);
                Instant last = first.plusMillis((TURNS_PER_CONVERSATION - 1) * step);
                ObjectNode conversation = conversationTemplate.deepCopy();
                conversation.put("id", id);
                conversation.put("nextSeq", TURNS_PER_CONVERSATION);
                conversationArgs.add(new Object[] {id, customer, ConversationStatus.QUEUED.wireName(), queues.get(c % QUEUES),
                        Timestamp.from(first), Timestamp.from(last), write(json, conversation), TURNS_PER_CONVERSATION});
                for (int s = 0; s < TURNS_PER_CONVERSATION; s++) {
                    ObjectNode turn = turnTemplate.deepCopy();
                    Instant at = first.plusMillis(s * step);
                    turn.put("seq", s);
                    turn.put("id", UUID.randomUUID().toString());
                    turn.put("at", at.toString());
                    turn.put("address", "sms:" + phone);
                    turn.put("providerMessageId", "SMbench" + c + "x" + s);
                    turn.put("text", text(random, s == 0 ? String.format(Locale.ROOT, "A%07d", c) : null));
                    Turn parsed = json.treeToValue(turn, Turn.class);
                    stored.add(Map.entry(id, parsed));
                    turnArgs.add(new Object[] {id, s, Timestamp.from(at), "sms", "inbound", "customer", "sms:" + phone,
                            parsed.providerMessageId(), write(json, turn), parsed.id()});
                }
            }
            transactions.executeWithoutResult(tx -> {
                jdbc.batchUpdate("""
                        insert into conversation (id, customer_id, status, queue_name, created_at, updated_at, data, next_seq)
                        values (?, ?, ?, ?, ?, ?, ?, ?)""", conversationArgs);
                jdbc.batchUpdate("""
                        insert into turn (conversation_id, seq, at, channel, direction, author, customer_address,
                                          provider_message_id, data, turn_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                        turnArgs);
                var termArgs = new ArrayList<Object[]>();
                for (var entry : stored) {
                    Timestamp at = Timestamp.from(entry.getValue().at());
                    for (String term : index.terms(entry.getValue())) {
                        termArgs.add(new Object[] {term, entry.getKey(), entry.getValue().seq(), at, entry.getKey()});
                    }
                }
                // as the index writes them (SearchIndex): with the conversation's queue
                jdbc.batchUpdate("insert into search_term (term, conversation_id, seq, at, queue_name) "
                        + "values (?, ?, ?, ?, (select queue_name from conversation where id = ?))", termArgs);
            });
            if ((to / BATCH_CONVERSATIONS) % 20 == 0 || to == conversations) {
                System.out.printf(Locale.ROOT, "  %,d turns%n", (long) to * TURNS_PER_CONVERSATION);
            }
        }
        jdbc.execute("analyze");
    }

    /** A customer's message: a few common words, a rarer one or two, sometimes the conversation's order number. */
    private static String text(Random random, String order) {
        var words = new ArrayList<String>();
        for (int i = 0; i < 5; i++) {
            words.add(random.nextInt(3) == 0 ? COMMON[random.nextInt(COMMON.length)] : "the");
        }
        words.add(RARER[random.nextInt(RARER.length)]);
        if (random.nextBoolean()) {
            words.add(RARER[random.nextInt(RARER.length)]);
        }
        if (order != null) {
            words.add("order " + order);
        }
        java.util.Collections.shuffle(words, random);
        String text = String.join(" ", words);
        return Character.toUpperCase(text.charAt(0)) + text.substring(1) + ".";
    }

    private static String measure(ConfigurableApplicationContext gateway, int turns, int queries, boolean postgres,
                                  long loadSeconds, String agent) {
        int port = Gateways.httpPort(gateway);
        // by API token, as an integration or a session would: a password login checks bcrypt on every call
        var supervisor = AgentApi.withToken(port, AgentApi.asAdmin(port).post("/api/v1/tokens",
                AgentApi.json("owner", "admin", "name", "search benchmark")).json().path("secret").asText());
        var ofOneQueue = AgentApi.withToken(port, AgentApi.asAdmin(port).post("/api/v1/tokens",
                AgentApi.json("owner", agent, "name", "search benchmark")).json().path("secret").asText());
        var report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "%nSearch over %,d turns (%,d conversations in %d queues) on %s, "
                        + "%d cores, loaded in %d s; %d queries per kind, GET /api/v1/search over HTTP with an API token%n",
                turns, Math.max(1, turns / TURNS_PER_CONVERSATION), QUEUES, postgres ? "PostgreSQL" : "H2 (file)",
                Runtime.getRuntime().availableProcessors(), loadSeconds, queries));
        report.append(table("as a supervisor, who sees every queue", supervisor, turns, queries, 1));
        // the agent's order and phone numbers are of conversations in their queue (the first of each ten)
        report.append(table("as an agent of one queue in " + QUEUES, ofOneQueue, turns, queries, QUEUES));
        return report.toString();
    }

    private static String table(String who, AgentApi api, int turns, int queries, int everyNth) {
        int conversations = Math.max(1, turns / TURNS_PER_CONVERSATION);
        var random = new Random(7);
        IntSupplier conversation = () -> random.nextInt(Math.max(1, conversations / everyNth)) * everyNth;
        Map<String, IntFunction<String>> kinds = new LinkedHashMap<>();
        kinds.put("an order number (1 conversation)", i -> String.format(Locale.ROOT, "A%07d", conversation.getAsInt()));
        kinds.put("a phone number typed with spaces (1 conversation)", i -> {
            String digits = String.format(Locale.ROOT, "%010d", 2_000_000_000L + conversation.getAsInt());
            return "+1 " + digits.substring(0, 3) + " " + digits.substring(3, 6) + " " + digits.substring(6);
        });
        kinds.put("two rarer words (about 1 turn in 500)", i -> RARER[random.nextInt(RARER.length)] + " "
                + RARER[random.nextInt(RARER.length)]);
        kinds.put("a rarer word (about 1 turn in 20)", i -> RARER[random.nextInt(RARER.length)]);
        kinds.put("a common word (about 1 turn in 10)", i -> COMMON[random.nextInt(COMMON.length)]);
        kinds.put("a common and a rarer word", i -> COMMON[random.nextInt(COMMON.length)] + " "
                + RARER[random.nextInt(RARER.length)]);
        for (int i = 0; i < 20; i++) {
            api.get("/api/v1/search?q=" + kinds.values().iterator().next().apply(i).replace(" ", "%20"));
        }
        var report = new StringBuilder();
        report.append("\n").append(who).append("\n\n");
        report.append("| query | p50 ms | p95 ms | slowest ms | hits (first query) |\n|---|---|---|---|---|\n");
        var all = new ArrayList<Long>();
        for (var kind : kinds.entrySet()) {
            long[] millis = new long[queries];
            int firstHits = -1;
            for (int i = 0; i < queries; i++) {
                String q = kind.getValue().apply(i);
                long start = System.nanoTime();
                var answer = api.get("/api/v1/search?q=" + java.net.URLEncoder.encode(q, java.nio.charset.StandardCharsets.UTF_8));
                millis[i] = (System.nanoTime() - start) / 1_000_000;
                if (answer.status() != 200) {
                    throw new IllegalStateException("search for '" + q + "' answered " + answer.status() + " " + answer.body());
                }
                if (firstHits < 0) {
                    firstHits = answer.json().path("hits").size();
                }
                all.add(millis[i]);
            }
            Arrays.sort(millis);
            report.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d |%n", kind.getKey(),
                    millis[queries / 2], millis[(int) Math.ceil(queries * 0.95) - 1], millis[queries - 1], firstHits));
        }
        long[] overall = all.stream().mapToLong(Long::longValue).sorted().toArray();
        report.append(String.format(Locale.ROOT, "| all kinds | %d | %d | %d | |%n", overall[overall.length / 2],
                overall[(int) Math.ceil(overall.length * 0.95) - 1], overall[overall.length - 1]));
        return report.toString();
    }

    private static String write(ObjectMapper json, Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
