package io.switchboard.support;

import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test of the {@code postgres} profile against the PostgreSQL at {@code SWITCHBOARD_TEST_POSTGRES_URL}
 * (default {@code jdbc:postgresql://127.0.0.1:5432/test}, user {@code postgres}). Skipped where nothing
 * listens there, unless {@code SWITCHBOARD_TEST_POSTGRES=required} (as in CI), where it runs and fails.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("postgres")
@ExtendWith(PostgresTest.Condition.class)
public @interface PostgresTest {

    String URL = System.getenv().getOrDefault("SWITCHBOARD_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    String USER = System.getenv().getOrDefault("SWITCHBOARD_TEST_POSTGRES_USER", "postgres");

    /** bcrypt of "ops-password": the user a test of the profile (which has no development users) signs in as, "ops". */
    String OPS_PASSWORD = "{bcrypt}$2a$10$o.2WClG57CbwOpJlINvDo.xstWhpXBrz.bwNjlKVICK7FI42FYxwK";

    /** Each test's own schema, so tests never see each other's rows. */
    final class Schemas {

        private Schemas() {
        }

        /** A schema name nobody used. */
        public static String fresh() {
            return "sb_" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        }

        /** Drops the schema and everything in it. */
        public static void drop(String schema) throws java.sql.SQLException {
            try (var connection = java.sql.DriverManager.getConnection(URL, USER, "");
                 var statement = connection.createStatement()) {
                statement.execute("drop schema if exists " + schema + " cascade");
            }
        }
    }

    class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (reachable()) {
                return ConditionEvaluationResult.enabled("PostgreSQL is reachable");
            }
            if ("required".equals(System.getenv("SWITCHBOARD_TEST_POSTGRES"))) {
                return ConditionEvaluationResult.enabled("PostgreSQL tests are required: running to fail loudly");
            }
            return ConditionEvaluationResult.disabled("no PostgreSQL on 127.0.0.1:5432; .ci/run starts it and "
                    + "requires these tests");
        }

        private static boolean reachable() {
            String hostPort = URL.replaceFirst("jdbc:postgresql://", "").replaceFirst("/.*", "");
            String host = hostPort.contains(":") ? hostPort.substring(0, hostPort.indexOf(':')) : hostPort;
            int port = hostPort.contains(":") ? Integer.parseInt(hostPort.substring(hostPort.indexOf(':') + 1)) : 5432;
            try (var socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), 500);
                return true;
            } catch (IOException e) {
                return false;
            }
        }
    }
}
