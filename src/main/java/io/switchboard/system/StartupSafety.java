package io.switchboard.system;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.security.oauth2.client.OAuth2ClientProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Refuses to start on a configuration that would be unsafe to run: a secret still set to the
 * template's placeholder ({@code change-me...}), a signing key shorter than 32 bytes, the
 * published development users reachable from the network, or a cluster of several members under
 * the published default name or on an H2 file each member would write on its own. Checked before
 * any bean is made (nothing is started, nothing listens), and the message names the property, never
 * its value.
 */
@Component
class StartupSafety implements BeanFactoryPostProcessor, EnvironmentAware {

    /** Keys the gateway signs or verifies with: they must be long enough to resist guessing. */
    static final List<String> SIGNING_KEYS = List.of("switchboard.chat.token-secret", "switchboard.webhooks.secret");
    /**
     * Credentials for other systems, and the cluster's name (whoever knows it may join): their length is
     * not ours to choose, but a placeholder is a mistake.
     */
    static final List<String> CREDENTIALS = List.of("spring.datasource.password", "switchboard.twilio.auth-token",
            "switchboard.email.imap.password", "switchboard.email.smtp.password", "switchboard.ai.api-key",
            "switchboard.cluster.name");
    static final int MIN_KEY_BYTES = 32;

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        List<String> problems = problems(environment);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Refusing to start with an unsafe configuration:\n - "
                    + String.join("\n - ", problems));
        }
    }

    static List<String> problems(Environment environment) {
        var problems = new ArrayList<String>();
        Binder binder = Binder.get(environment);
        for (String key : SIGNING_KEYS) {
            String value = environment.getProperty(key);
            if (value == null || value.isBlank()) {
                continue;
            }
            if (placeholder(value)) {
                problems.add(key + " is still the template's placeholder");
            } else if (value.getBytes(StandardCharsets.UTF_8).length < MIN_KEY_BYTES) {
                problems.add(key + " is shorter than " + MIN_KEY_BYTES + " bytes (use e.g. `openssl rand -base64 32`)");
            }
        }
        for (String key : CREDENTIALS) {
            if (placeholder(environment.getProperty(key))) {
                problems.add(key + " is still the template's placeholder");
            }
        }
        binder.bind("spring.security.oauth2.client.registration",
                        Bindable.mapOf(String.class, OAuth2ClientProperties.Registration.class))
                .orElse(Map.of()).forEach((id, registration) -> {
                    if (placeholder(registration.getClientSecret())) {
                        problems.add("spring.security.oauth2.client.registration." + id
                                + ".client-secret is still the template's placeholder");
                    }
                });
        List<SecurityProperties.User> users;
        try {
            users = binder.bind("switchboard.security.users", Bindable.listOf(SecurityProperties.User.class))
                    .orElse(List.of());
        } catch (RuntimeException e) {
            users = List.of(); // malformed users are reported, more precisely, when the properties bind
        }
        users.stream().filter(u -> placeholder(u.password())).forEach(u -> problems.add("the password of user "
                + u.username() + " is still the template's placeholder (give a {bcrypt} hash)"));
        boolean devUsers = binder.bind("switchboard.security.dev-users", Boolean.class).orElse(false);
        boolean onNetwork = binder.bind("switchboard.security.dev-users-on-network", Boolean.class).orElse(false);
        String address = environment.getProperty("server.address");
        if (devUsers && !onNetwork && !Loopback.is(address)) {
            problems.add("the development users (agent/agent, admin/admin, ...) would be reachable from the network: "
                    + "server.address is " + (address == null || address.isBlank() ? "every interface" : address)
                    + ". Bind to 127.0.0.1, define your own users (switchboard.security.users) with "
                    + "switchboard.security.dev-users=false, or set switchboard.security.dev-users-on-network=true "
                    + "if you really mean it");
        }
        problems.addAll(clusterProblems(binder, environment.getProperty("spring.datasource.url")));
        return problems;
    }

    private static List<String> clusterProblems(Binder binder, String databaseUrl) {
        ClusterProperties cluster;
        try {
            cluster = binder.bindOrCreate("switchboard.cluster", ClusterProperties.class);
        } catch (RuntimeException e) {
            return List.of(); // malformed cluster settings are reported when the properties bind
        }
        if (!cluster.joinsOthers()) {
            return List.of();
        }
        var problems = new ArrayList<String>();
        if (ClusterProperties.DEFAULT_NAME.equals(cluster.name())) {
            problems.add("switchboard.cluster.name is the published default on a cluster of several members: "
                    + "choose a name of your own, as any Hazelcast member that knows the name may join");
        }
        if (h2File(databaseUrl)) {
            problems.add("spring.datasource.url is an H2 file on a cluster of several members: each member would "
                    + "write a file of its own and their data would part. A cluster shares one PostgreSQL "
                    + "database (profile postgres)");
        }
        return problems;
    }

    /** An embedded H2 database kept in a file of this process (not in memory, not an H2 server). */
    static boolean h2File(String url) {
        if (url == null || !url.startsWith("jdbc:h2:")) {
            return false;
        }
        String rest = url.substring("jdbc:h2:".length());
        return !(rest.startsWith("mem:") || rest.startsWith("tcp:") || rest.startsWith("ssl:"));
    }

    static boolean placeholder(String value) {
        if (value == null) {
            return false;
        }
        String normalized = value.toLowerCase(Locale.ROOT).replace("_", "-");
        return normalized.contains("change-me") || normalized.contains("changeme");
    }
}
