package io.switchboard.support;

import io.switchboard.SwitchboardApplication;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts whole gateway instances (one Spring context each) for multi-instance and restart tests. */
public final class Gateways {

    private Gateways() {
    }

    /** Starts an instance with the test profile and these extra {@code key=value} settings. */
    public static ConfigurableApplicationContext start(String... settings) {
        return startWithProfiles(new String[] {"test"}, settings);
    }

    /** Starts an instance with these profiles (later ones win) and extra {@code key=value} settings. */
    public static ConfigurableApplicationContext startWithProfiles(String[] profiles, String... settings) {
        var args = new ArrayList<String>(List.of("--server.port=0"));
        for (String setting : settings) {
            args.add("--" + setting);
        }
        return new SpringApplicationBuilder(SwitchboardApplication.class).profiles(profiles)
                .run(args.toArray(String[]::new));
    }

    /**
     * Starts one member of a two-member cluster on PostgreSQL ({@link PostgresTest}), in its own schema,
     * with the user {@code ops} (password {@code ops-password}) holding these roles.
     */
    public static ConfigurableApplicationContext postgresMember(String schema, int port, int portA, int portB,
                                                                String roles) {
        return startWithProfiles(new String[] {"test", "postgres"},
                "spring.datasource.url=" + PostgresTest.URL + "?currentSchema=" + schema,
                "spring.datasource.username=" + PostgresTest.USER,
                "spring.flyway.schemas=" + schema,
                "switchboard.cluster.name=pg-" + schema,
                "switchboard.cluster.port=" + port,
                "switchboard.cluster.members=127.0.0.1:" + portA + ",127.0.0.1:" + portB,
                "switchboard.security.users[0].username=ops",
                "switchboard.security.users[0].password=" + PostgresTest.OPS_PASSWORD,
                "switchboard.security.users[0].roles=" + roles,
                "switchboard.email.embedded-server.enabled=true",
                "switchboard.email.imap.port=0", "switchboard.email.imap.ssl=false",
                "switchboard.email.smtp.port=0", "switchboard.email.smtp.starttls=false");
    }

    public static int httpPort(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public static int freePort() {
        try (var socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }
}
