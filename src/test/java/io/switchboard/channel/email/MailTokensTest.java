package io.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.support.TokenEndpoint;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The mailbox's OAuth2 tokens, from a stand-in token endpoint over real HTTP. */
class MailTokensTest {

    final AtomicReference<String> lastIssued = new AtomicReference<>();

    @Test
    void clientCredentialsTokensAreKeptUntilTheyComeCloseToExpiryAndThenRenewed() throws Exception {
        try (var endpoint = new TokenEndpoint(3600, lastIssued::set)) {
            var tokens = new MailTokens(settings(endpoint, null, Duration.ofMinutes(5)));
            String first = tokens.token();
            assertThat(tokens.token()).as("an hour left: kept").isEqualTo(first).isEqualTo(lastIssued.get());
            assertThat(endpoint.requests()).hasSize(1);
            var form = endpoint.requests().get(0);
            assertThat(form).containsEntry("grant_type", "client_credentials")
                    .containsEntry("scope", "https://outlook.office365.com/.default");
        }
        try (var endpoint = new TokenEndpoint(60, lastIssued::set)) {
            var tokens = new MailTokens(settings(endpoint, null, Duration.ofMinutes(5)));
            String first = tokens.token();
            assertThat(tokens.token()).as("less than refresh-before left: renewed").isNotEqualTo(first);
            assertThat(endpoint.issued()).isEqualTo(2);
        }
    }

    @Test
    void aRefreshTokenIsExchangedForAccessTokens() throws Exception {
        try (var endpoint = new TokenEndpoint(3600, lastIssued::set)) {
            var tokens = new MailTokens(settings(endpoint, TokenEndpoint.REFRESH_TOKEN, Duration.ofMinutes(5)));
            assertThat(tokens.token()).isEqualTo(lastIssued.get());
            assertThat(endpoint.requests().get(0)).containsEntry("grant_type", "refresh_token")
                    .containsEntry("refresh_token", TokenEndpoint.REFRESH_TOKEN)
                    .containsEntry("client_id", TokenEndpoint.CLIENT_ID);
        }
    }

    @Test
    void anEndpointThatGivesNoTokenIsAFailureWithoutSecretsAndATokenFollowsOnceItIsBack() throws Exception {
        try (var endpoint = new TokenEndpoint(3600, lastIssued::set)) {
            var tokens = new MailTokens(settings(endpoint, TokenEndpoint.REFRESH_TOKEN, Duration.ofMinutes(5)));
            endpoint.down(true);
            assertThatThrownBy(tokens::token).isInstanceOf(MailTokens.MailLoginException.class)
                    .hasMessageContaining(endpoint.uri())
                    .hasMessageNotContaining(TokenEndpoint.CLIENT_SECRET)
                    .hasMessageNotContaining(TokenEndpoint.REFRESH_TOKEN);
            endpoint.down(false);
            assertThat(tokens.token()).isEqualTo(lastIssued.get());
        }
    }

    @Test
    void aWrongSecretIsRefusedAndNoTokenIsGiven() throws Exception {
        try (var endpoint = new TokenEndpoint(3600, lastIssued::set)) {
            var wrong = new EmailProperties.OAuth2(endpoint.uri(), TokenEndpoint.CLIENT_ID, "not-the-secret",
                    List.of(), null, Duration.ofMinutes(5));
            assertThatThrownBy(() -> new MailTokens(wrong).token()).isInstanceOf(MailTokens.MailLoginException.class);
            assertThat(endpoint.issued()).isZero();
        }
    }

    @Test
    void aTokenEndpointOutsideThisMachineMustBeHttps() {
        var plain = new EmailProperties.OAuth2("http://login.example.com/token", "id", "secret", List.of(), null,
                Duration.ofMinutes(5));
        assertThatThrownBy(plain::check).hasMessageContaining("https");
    }

    private static EmailProperties.OAuth2 settings(TokenEndpoint endpoint, String refreshToken, Duration refreshBefore) {
        return new EmailProperties.OAuth2(endpoint.uri(), TokenEndpoint.CLIENT_ID, TokenEndpoint.CLIENT_SECRET,
                refreshToken == null ? List.of("https://outlook.office365.com/.default") : List.of(), refreshToken,
                refreshBefore);
    }
}
