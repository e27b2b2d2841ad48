package io.switchboard.system;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Rewrites the embedded H2 database file so that deleted rows leave it: H2 keeps a deleted row's
 * bytes in its file until the file is compacted, and compacting means closing the database
 * ({@code SHUTDOWN COMPACT} copies what is live into a new file). The connection pool is paused
 * meanwhile: callers wait for a connection instead of failing, and the first one after reopens the
 * database. Runs only when no connection stays busy for longer than {@link #QUIET}; otherwise it
 * tells so and the caller may ask again. PostgreSQL (and an in-memory H2) need nothing of this here:
 * the README says which {@code VACUUM} an operator runs.
 */
@Component
public class EmbeddedDatabaseCompaction {

    /** How long connections in use may take to come back before the compaction gives up for now. */
    static final Duration QUIET = Duration.ofSeconds(20);
    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseCompaction.class);

    private final DataSource dataSource;

    EmbeddedDatabaseCompaction(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** What a compaction did. */
    public enum Outcome {
        /** the file was rewritten */
        COMPACTED,
        /** nothing to do: not an H2 file, or the pool cannot pause */
        NOT_NEEDED,
        /** connections stayed busy; ask again */
        POSTPONED
    }

    /** Whether this gateway's database is an H2 file. */
    public boolean applies() {
        return dataSource instanceof HikariDataSource hikari && hikari.getJdbcUrl() != null
                && hikari.getJdbcUrl().toLowerCase(Locale.ROOT).startsWith("jdbc:h2:")
                && !hikari.getJdbcUrl().toLowerCase(Locale.ROOT).startsWith("jdbc:h2:mem:")
                && hikari.isAllowPoolSuspension();
    }

    /**
     * Whether every connection but the caller's came back to the paused pool within {@link #QUIET}: a
     * scheduler looks every 20 ms while the caller waits on the answer.
     */
    private static boolean quiet(HikariPoolMXBean pool) {
        ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(task -> {
            var thread = new Thread(task, "database-compaction-watch");
            thread.setDaemon(true);
            return thread;
        });
        var quiet = new CompletableFuture<Void>();
        try {
            watcher.scheduleWithFixedDelay(() -> {
                if (pool.getActiveConnections() <= 1) {
                    quiet.complete(null);
                }
            }, 0, 20, TimeUnit.MILLISECONDS);
            quiet.get(QUIET.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            watcher.shutdownNow();
        }
    }

    public synchronized Outcome compact() {
        if (!applies()) {
            return Outcome.NOT_NEEDED;
        }
        HikariDataSource hikari = (HikariDataSource) dataSource;
        HikariPoolMXBean pool = hikari.getHikariPoolMXBean();
        long start = System.nanoTime();
        try (Connection own = hikari.getConnection()) {
            pool.suspendPool();
            try {
                if (!quiet(pool)) {
                    log.warn("database compaction postponed: connections stayed in use for {} s", QUIET.toSeconds());
                    return Outcome.POSTPONED;
                }
                try (Statement shutdown = own.createStatement()) {
                    shutdown.execute("SHUTDOWN COMPACT");
                }
                pool.softEvictConnections();
            } finally {
                pool.resumePool();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not compact the database file", e);
        }
        log.info("database file compacted in {} ms", Duration.ofNanos(System.nanoTime() - start).toMillis());
        return Outcome.COMPACTED;
    }
}
