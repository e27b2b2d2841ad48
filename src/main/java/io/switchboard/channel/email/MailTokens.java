package io.switchboard.channel.email;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.InMemoryOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;

/**
 * The OAuth2 access tokens the gateway logs in to the mailbox with (SASL XOAUTH2), through Spring
 * Security's OAuth2 client: the client-credentials grant (Microsoft 365, app-only access to a shared
 * mailbox) or, when a refresh token is configured, the refresh-token grant (Google Workspace). A
 * token is kept in this member's memory only and renewed {@code refresh-before} ahead of its expiry,
 * on the next login that needs it. Each member renews its own: a token shared through the cluster's
 * memory would cross the network between members, which is not encrypted. Tokens are never logged.
 */
final class MailTokens {

    private static final Logger log = LoggerFactory.getLogger(MailTokens.class);
    private static final String REGISTRATION = "mailbox";
    private static final String PRINCIPAL = "switchboard-mailbox";

    private final ClientRegistration registration;
    private final InMemoryOAuth2AuthorizedClientService clients;
    private final AuthorizedClientServiceOAuth2AuthorizedClientManager manager;
    private final String refreshToken;
    private final AtomicReference<Instant> lastIssued = new AtomicReference<>();

    MailTokens(EmailProperties.OAuth2 settings) {
        settings.check();
        this.refreshToken = settings.refreshTokenGrant() ? settings.refreshToken() : null;
        var builder = ClientRegistration.withRegistrationId(REGISTRATION)
                .tokenUri(settings.tokenUri())
                .clientId(settings.clientId())
                .clientSecret(settings.clientSecret())
                // Microsoft's and Google's token endpoints both take the secret in the form
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                .scope(settings.scopes());
        if (refreshToken != null) {
            // the refresh token came from a consent given once, outside the gateway: the registration
            // is an authorization-code client whose authorization step never runs here
            builder.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                    .authorizationUri(settings.tokenUri())
                    .redirectUri("urn:ietf:wg:oauth:2.0:oob");
        } else {
            builder.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS);
        }
        this.registration = builder.build();
        var registrations = new InMemoryClientRegistrationRepository(registration);
        this.clients = new InMemoryOAuth2AuthorizedClientService(registrations);
        this.manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(registrations, clients);
        manager.setAuthorizedClientProvider(OAuth2AuthorizedClientProviderBuilder.builder()
                .clientCredentials(grant -> grant.clockSkew(settings.refreshBefore()))
                .refreshToken(grant -> grant.clockSkew(settings.refreshBefore()))
                .build());
    }

    /**
     * A token valid for at least {@code refresh-before}, from memory or fresh from the token endpoint.
     *
     * @throws MailLoginException when the endpoint gives none (unreachable, or the grant refused)
     */
    String token() {
        if (refreshToken != null && clients.loadAuthorizedClient(REGISTRATION, PRINCIPAL) == null) {
            // first use, or the endpoint refused the refresh token once (Spring forgets it then): start
            // again from the configured one, which an operator replaces when it was revoked
            var expired = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "expired", Instant.EPOCH,
                    Instant.EPOCH.plusSeconds(1));
            clients.saveAuthorizedClient(new OAuth2AuthorizedClient(registration, PRINCIPAL, expired,
                    new OAuth2RefreshToken(refreshToken, null)), principal());
        }
        OAuth2AuthorizedClient client;
        try {
            client = manager.authorize(OAuth2AuthorizeRequest.withClientRegistrationId(REGISTRATION)
                    .principal(principal()).build());
        } catch (RuntimeException e) {
            throw new MailLoginException("no OAuth2 token for the mailbox from " + registration.getProviderDetails()
                    .getTokenUri() + ": " + e.getClass().getSimpleName());
        }
        if (client == null) {
            throw new MailLoginException("no OAuth2 token for the mailbox: the token endpoint gave none");
        }
        OAuth2AccessToken token = client.getAccessToken();
        Instant issued = token.getIssuedAt();
        if (issued != null && !issued.equals(lastIssued.getAndSet(issued))) {
            log.info("mail login: a new OAuth2 token, valid until {}", token.getExpiresAt());
        }
        return token.getTokenValue();
    }

    private static UsernamePasswordAuthenticationToken principal() {
        return UsernamePasswordAuthenticationToken.authenticated(PRINCIPAL, null, List.of());
    }

    /** No login to the mail server is possible now; it is tried again later. Never carries a secret. */
    static final class MailLoginException extends RuntimeException {
        MailLoginException(String message) {
            super(message);
        }
    }
}
