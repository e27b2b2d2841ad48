package io.switchboard.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.support.AgentApi;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** With an OpenID Connect client registered, the sign-in page offers it and sends the browser to the provider. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.security.oauth2.client.registration.sso.client-id=switchboard",
        "spring.security.oauth2.client.registration.sso.client-secret=not-a-secret",
        "spring.security.oauth2.client.registration.sso.client-name=Company SSO",
        "spring.security.oauth2.client.registration.sso.scope=openid,profile",
        "spring.security.oauth2.client.registration.sso.authorization-grant-type=authorization_code",
        "spring.security.oauth2.client.registration.sso.redirect-uri={baseUrl}/login/oauth2/code/{registrationId}",
        "spring.security.oauth2.client.provider.sso.authorization-uri=https://sso.example.com/auth",
        "spring.security.oauth2.client.provider.sso.token-uri=https://sso.example.com/token",
        "spring.security.oauth2.client.provider.sso.jwk-set-uri=https://sso.example.com/certs",
        "spring.security.oauth2.client.provider.sso.user-info-uri=https://sso.example.com/userinfo",
        "spring.security.oauth2.client.provider.sso.user-name-attribute=preferred_username"})
@ActiveProfiles("test")
class OidcLoginTest {

    @LocalServerPort
    int port;

    @Test
    void theSignInPageOffersTheProviderAndSendsTheBrowserThere() throws Exception {
        var http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String base = "http://localhost:" + port;
        var options = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/inbox/login-options"))
                .build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(options.path("providers").get(0).path("name").asText()).isEqualTo("Company SSO");
        assertThat(options.path("providers").get(0).path("url").asText()).isEqualTo("/oauth2/authorization/sso");

        var redirect = http.send(HttpRequest.newBuilder(URI.create(base + "/oauth2/authorization/sso")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(redirect.headers().firstValue("Location")).get().asString()
                .startsWith("https://sso.example.com/auth?").contains("client_id=switchboard")
                .contains("scope=openid%20profile").contains("redirect_uri=" + "http://localhost:" + port
                        + "/login/oauth2/code/sso");
        assertThat(AgentApi.asAgent(port).get("/api/v1/agents/me").status())
                .as("configured users keep working for the API").isEqualTo(200);
    }
}
