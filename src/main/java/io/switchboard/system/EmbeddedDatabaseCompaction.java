package io.switchboard.system;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
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
                while (pool.getActiveConnections() > 1) {
                    if (System.nanoTime() - start > QUIET.toNanos()) {
                        log.warn("database compaction postponed: connections stayed in use for {} s", QUIET.toSeconds());
                        return Outcome.POSTPONED;
                    }
                    Thread.sleep(20);
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
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.POSTPONED;
        }
        log.info("database file compacted in {} ms", Duration.ofNanos(System.nanoTime() - start).toMillis());
        return Outcome.COMPACTED;
    }
}
