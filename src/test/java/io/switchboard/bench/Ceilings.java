package io.switchboard.bench;

import dev.langchain4j.data.segment.TextSegment;
import io.switchboard.embedding.BgeSmallEmbeddingModel;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;

/** What the gateway's two busiest parts do alone, measured in this JVM: the embedding model, the database. */
final class Ceilings {

    /** About the size of a turn as the gateway stores it (its JSON in a {@code text} column). */
    private static final String TURN_JSON = """
            {"seq":%d,"id":"%s","at":"2026-01-01T10:00:00Z","channel":"sms","direction":"INBOUND",\
            "author":"customer","address":"sms:+15550123456","text":"Hi, my order 48213 has not arrived yet. \
            Can someone check where it is? It was supposed to come on Monday and the tracking has not moved.",\
            "attachments":[],"providerMessageId":"SM0123456789abcdef0123456789abcdef","internal":false,\
            "metadata":{"segments":"1"},"delivery":null,"subject":null,"movedTo":null,"authorName":null}""";

    private Ceilings() {
    }

    /** Texts per second through {@link BgeSmallEmbeddingModel#embedAll}, after a warm-up on a few of them. */
    static double embeddingsPerSecond(List<String> texts) {
        var model = BgeSmallEmbeddingModel.instance();
        List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
        model.embedAll(segments.subList(0, Math.min(200, segments.size())));
        long start = System.nanoTime();
        model.embedAll(segments);
        return segments.size() / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * Rows per second inserted into a scratch table (created, then dropped) by {@code threads}
     * connections for {@code duration}: one turn-sized row per transaction, as the gateway writes
     * through each change.
     */
    static double insertsPerSecond(String url, String user, int threads, Duration duration) throws Exception {
        String table = "bench_ceiling_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection admin = DriverManager.getConnection(url, user, "")) {
            admin.createStatement().execute("create table " + table + " (id varchar(64) primary key, "
                    + "conversation_id varchar(64) not null, seq bigint not null, data text not null)");
            admin.createStatement().execute("create unique index " + table + "_seq on " + table + " (conversation_id, seq)");
            try {
                return insert(url, user, table, threads, duration);
            } finally {
                admin.createStatement().execute("drop table " + table);
            }
        }
    }

    private static double insert(String url, String user, String table, int threads, Duration duration) throws Exception {
        var rows = new LongAdder();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            long deadline = start + duration.toNanos();
            var writers = new ArrayList<Future<?>>();
            for (int t = 0; t < threads; t++) {
                int writer = t;
                writers.add(pool.submit(() -> {
                    try (Connection connection = DriverManager.getConnection(url, user, "");
                         var insert = connection.prepareStatement("insert into " + table
                                 + " (id, conversation_id, seq, data) values (?, ?, ?, ?)")) {
                        connection.setAutoCommit(true);
                        for (long seq = 1; System.nanoTime() < deadline; seq++) {
                            String id = UUID.randomUUID().toString();
                            insert.setString(1, id);
                            insert.setString(2, "conversation-" + writer + "-" + seq / 10);
                            insert.setLong(3, seq);
                            insert.setString(4, TURN_JSON.formatted(seq, id));
                            insert.executeUpdate();
                            rows.increment();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> w : writers) {
                w.get();
            }
            return rows.sum() / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdown();
        }
    }

    /** Removes an H2 file database's files (its folder stays). */
    static void dropH2(String url) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
            connection.createStatement().execute("drop all objects delete files");
        }
    }
}
