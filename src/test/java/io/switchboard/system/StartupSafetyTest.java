package io.switchboard.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.support.Gateways;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** What the gateway refuses to start with, and that it refuses before anything listens. */
class StartupSafetyTest {

    static MockEnvironment safe() {
        return new MockEnvironment().withProperty("switchboard.security.dev-users", "true")
                .withProperty("server.address", "127.0.0.1");
    }

    @Test
    void theDevelopmentUsersStayOnLoopbackUnlessExplicitlyForced() {
        assertThat(StartupSafety.problems(safe())).isEmpty();
        assertThat(StartupSafety.problems(safe().withProperty("server.address", "::1"))).isEmpty();
        assertThat(StartupSafety.problems(safe().withProperty("server.address", "0.0.0.0")))
                .singleElement().asString().contains("development users").contains("0.0.0.0");
        var everywhere = new MockEnvironment().withProperty("switchboard.security.dev-users", "true");
        assertThat(StartupSafety.problems(everywhere)).singleElement().asString().contains("every interface");
        assertThat(StartupSafety.problems(everywhere.withProperty("switchboard.security.dev-users-on-network", "true")))
                .as("forced").isEmpty();
        assertThat(StartupSafety.problems(new MockEnvironment().withProperty("switchboard.security.dev-users", "false")))
                .as("own users on the network").isEmpty();
    }

    @Test
    void placeholdersAndShortSigningKeysAreRefusedByNameNeverByValue() {
        var env = safe()
                .withProperty("switchboard.webhooks.secret", "change-me-to-a-long-random-string")
                .withProperty("switchboard.chat.token-secret", "short-but-real-7Hq")
                .withProperty("switchboard.twilio.auth-token", "change-me")
                .withProperty("spring.datasource.password", "CHANGE_ME")
                .withProperty("switchboard.security.users[0].username", "ops")
                .withProperty("switchboard.security.users[0].password", "{bcrypt}change-me")
                .withProperty("spring.security.oauth2.client.registration.keycloak.client-id", "switchboard")
                .withProperty("spring.security.oauth2.client.registration.keycloak.client-secret", "changeme");
        assertThat(StartupSafety.problems(env)).containsExactlyInAnyOrder(
                "switchboard.webhooks.secret is still the template's placeholder",
                "switchboard.chat.token-secret is shorter than 32 bytes (use e.g. `openssl rand -base64 32`)",
                "spring.datasource.password is still the template's placeholder",
                "switchboard.twilio.auth-token is still the template's placeholder",
                "spring.security.oauth2.client.registration.keycloak.client-secret is still the template's placeholder",
                "the password of user ops is still the template's placeholder (give a {bcrypt} hash)");
        assertThat(StartupSafety.problems(env).toString()).doesNotContain("short-but-real-7Hq");
        assertThat(StartupSafety.problems(safe().withProperty("switchboard.webhooks.secret",
                "9f3a1c7e5b2d4f6a8c0e1b3d5f7a9c2e"))).isEmpty();
    }

    @Test
    void aClusterOfSeveralMembersNeedsANameOfItsOwnAndOneSharedDatabase() {
        var standalone = safe().withProperty("spring.datasource.url", "jdbc:h2:file:/var/lib/switchboard/db/switchboard");
        assertThat(StartupSafety.problems(standalone)).as("one member on its own file, default name").isEmpty();

        var joined = safe().withProperty("spring.datasource.url", "jdbc:h2:file:/var/lib/switchboard/db/switchboard")
                .withProperty("switchboard.cluster.members", "10.0.0.1,10.0.0.2");
        assertThat(StartupSafety.problems(joined)).hasSize(2)
                .anySatisfy(p -> assertThat(p).startsWith("switchboard.cluster.name is the published default"))
                .anySatisfy(p -> assertThat(p).startsWith("spring.datasource.url is an H2 file"));

        var onKubernetes = safe().withProperty("switchboard.cluster.kubernetes.enabled", "true")
                .withProperty("switchboard.cluster.name", "acme-support-7f3k")
                .withProperty("spring.datasource.url", "jdbc:postgresql://db:5432/switchboard");
        assertThat(StartupSafety.problems(onKubernetes)).isEmpty();
        assertThat(StartupSafety.problems(onKubernetes.withProperty("switchboard.cluster.name", "change-me")))
                .containsExactly("switchboard.cluster.name is still the template's placeholder");
        assertThat(StartupSafety.problems(safe().withProperty("switchboard.cluster.members", "127.0.0.1:5701")
                .withProperty("switchboard.cluster.name", "tests")
                .withProperty("spring.datasource.url", "jdbc:h2:mem:shared;DB_CLOSE_DELAY=-1")))
                .as("members of one process sharing an in-memory database").isEmpty();
    }

    @Test
    void aGatewayWithAnUnsafeConfigurationDoesNotStart() {
        assertThatThrownBy(() -> Gateways.start("server.address=0.0.0.0", "switchboard.webhooks.secret=change-me"))
                .hasStackTraceContaining("Refusing to start with an unsafe configuration")
                .hasStackTraceContaining("switchboard.webhooks.secret is still the template's placeholder")
                .hasStackTraceContaining("development users");
    }
}
