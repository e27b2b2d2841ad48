package io.switchboard.channel.email;

import io.switchboard.system.Loopback;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * E-mail channel settings. The connection settings also feed the connectors (routes/channels.yaml).
 *
 * @param address        the support address: mail comes in to it and replies go out from it
 * @param displayName    the name shown with the support address
 * @param defaultSubject subject of a mail that starts a thread (a reply to a chat, a code)
 * @param auth           how the gateway logs in to the mailbox: {@code password}, or {@code oauth2}
 *                       (SASL XOAUTH2 with a token from {@code oauth2}: Microsoft 365, Google Workspace)
 * @param oauth2         where the OAuth2 tokens come from, when {@code auth} is {@code oauth2}
 * @param sslBundle      the Spring Boot SSL bundle ({@code spring.ssl.bundle.*}) whose trust store checks
 *                       the mail servers' certificates; unset: the JVM's trusted authorities
 * @param imap           where mail is read from
 * @param smtp           where mail is sent through
 * @param embeddedServer the in-process mail server of the default run
 * @param limits         what the intake accepts
 * @param senderVerification {@code require}: a sender is the From address's holder only on DMARC or
 *                       aligned DKIM evidence from a trusted receiving server (or by answering a mail
 *                       of ours); {@code off}: every From is believed, for the embedded development
 *                       server (production profiles set {@code require}; off elsewhere is warned about)
 * @param trustedAuthservIds the authserv-ids of the receiving servers whose Authentication-Results are
 *                       believed (e.g. {@code mx.example.com}, {@code mx.google.com})
 */
@ConfigurationProperties("switchboard.email")
record EmailProperties(
        @DefaultValue("support@switchboard.local") String address,
        @DefaultValue("Support") String displayName,
        @DefaultValue("Your message to Support") String defaultSubject,
        @DefaultValue("password") Auth auth,
        @DefaultValue OAuth2 oauth2,
        String sslBundle,
        @DefaultValue Imap imap,
        @DefaultValue Smtp smtp,
        @DefaultValue EmbeddedServer embeddedServer,
        @DefaultValue Limits limits,
        @DefaultValue("require") SenderVerification.Policy senderVerification,
        @DefaultValue List<String> trustedAuthservIds) {

    EmailProperties {
        trustedAuthservIds = List.copyOf(trustedAuthservIds);
        if (embeddedServer.enabled()) {
            imap = imap.loginOrElse(address);
            smtp = smtp.auth() == Auth.NONE ? smtp : smtp.loginOrElse(imap.username(), imap.password());
        }
        if (auth == Auth.NONE) {
            throw new IllegalArgumentException("switchboard.email.auth=none: the IMAP mailbox needs a login "
                    + "(password or oauth2); switchboard.email.smtp.auth=none sends without one");
        }
        if (auth == Auth.OAUTH2 || smtp.auth() == Auth.OAUTH2) {
            oauth2.check();
        }
        imap.check(auth);
        smtp.check(smtp.auth() == null ? auth : smtp.auth());
    }

    /** How the gateway logs in to the mail server. */
    enum Auth {
        /** no login at all (SMTP only: a relay that trusts the gateway's network) */
        NONE,
        /** username and password (LOGIN, PLAIN) */
        PASSWORD,
        /** SASL XOAUTH2 with an OAuth2 access token for the username */
        OAUTH2
    }

    /** The SMTP login: its own setting, or the mailbox's. */
    Auth smtpAuth() {
        return smtp.auth() == null ? auth : smtp.auth();
    }

    /**
     * Where the access tokens for {@code auth=oauth2} come from: the client-credentials grant
     * (Microsoft 365, app-only access to a shared mailbox) unless a refresh token is given (Google
     * Workspace, granted once by the mailbox's owner).
     *
     * @param tokenUri      the token endpoint, e.g. {@code https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token}
     * @param clientId      the application's client id
     * @param clientSecret  its secret
     * @param scopes        the scopes asked for, e.g. {@code https://outlook.office365.com/.default}
     * @param refreshToken  a refresh token: tokens come from the refresh-token grant instead
     * @param refreshBefore a token is renewed this long before it expires
     */
    record OAuth2(String tokenUri, String clientId, String clientSecret, @DefaultValue List<String> scopes,
                  String refreshToken, @DefaultValue("5m") Duration refreshBefore) {

        OAuth2 {
            scopes = List.copyOf(scopes);
        }

        boolean refreshTokenGrant() {
            return refreshToken != null && !refreshToken.isBlank();
        }

        void check() {
            require(tokenUri, "switchboard.email.oauth2.token-uri");
            require(clientId, "switchboard.email.oauth2.client-id");
            require(clientSecret, "switchboard.email.oauth2.client-secret");
            if (!tokenUri.startsWith("https://") && !Loopback.is(java.net.URI.create(tokenUri).getHost())) {
                throw new IllegalArgumentException("switchboard.email.oauth2.token-uri must be https: the client "
                        + "secret would travel in clear");
            }
        }
    }
    /**
     * @param host             IMAP server
     * @param port             its port (993 for IMAPS)
     * @param ssl              IMAPS (TLS from the first byte)
     * @param folder           the folder read
     * @param processedFolder  where a mail moves once recorded
     * @param quarantineFolder where a mail that cannot be taken in moves, with the reason logged
     * @param pollInterval     time between polls, where the server offers no IDLE (or {@code idle} is off)
     * @param batchSize        mails taken per poll
     * @param idle             wait for new mail with IMAP IDLE where the server offers it, instead of polling
     * @param username         the mailbox's login (for oauth2: the mailbox's address)
     * @param password         its password (auth=password only)
     */
    record Imap(@DefaultValue("127.0.0.1") String host, @DefaultValue("3143") int port, String username,
                String password, @DefaultValue("false") boolean ssl, @DefaultValue("INBOX") String folder,
                @DefaultValue("Processed") String processedFolder, @DefaultValue("Quarantine") String quarantineFolder,
                @DefaultValue("5s") Duration pollInterval, @DefaultValue("50") int batchSize,
                @DefaultValue("true") boolean idle) {

        Imap loginOrElse(String address) {
            return blank(username) ? new Imap(host, port, address, EMBEDDED_PASSWORD, ssl, folder, processedFolder,
                    quarantineFolder, pollInterval, batchSize, idle) : this;
        }

        void check(Auth auth) {
            require(username, "switchboard.email.imap.username");
            if (auth == Auth.PASSWORD) {
                require(password, "switchboard.email.imap.password");
                if (!ssl && !Loopback.is(host)) {
                    throw new IllegalArgumentException("switchboard.email.imap.ssl=false would send the mailbox's "
                            + "password in clear to " + host + ": use IMAPS (ssl=true, port 993)");
                }
            }
        }
    }

    /**
     * @param auth     {@code none} (no AUTH command at all: a relay that trusts the gateway's network),
     *                 {@code password} or {@code oauth2}; unset: as {@code switchboard.email.auth}
     * @param username the login (for oauth2: the mailbox's address)
     * @param password its password (auth=password only)
     * @param starttls upgrade the connection with STARTTLS, and refuse to send without it
     * @param ssl      SMTPS (TLS from the first byte, usually port 465)
     */
    record Smtp(@DefaultValue("127.0.0.1") String host, @DefaultValue("3025") int port, Auth auth, String username,
                String password, @DefaultValue("false") boolean starttls, @DefaultValue("false") boolean ssl) {

        Smtp loginOrElse(String login, String secret) {
            return blank(username) ? new Smtp(host, port, auth, login, secret, starttls, ssl) : this;
        }

        void check(Auth effective) {
            if (effective == Auth.NONE) {
                return;
            }
            require(username, "switchboard.email.smtp.username (or switchboard.email.smtp.auth=none)");
            if (effective == Auth.PASSWORD) {
                require(password, "switchboard.email.smtp.password (or switchboard.email.smtp.auth=none)");
                if (!ssl && !starttls && !Loopback.is(host)) {
                    throw new IllegalArgumentException("switchboard.email.smtp: starttls and ssl are off, which would "
                            + "send the password in clear to " + host + ": set starttls=true (port 587) or ssl=true");
                }
            }
        }
    }

    /** The embedded server's mailbox password, where none is set (development only, loopback only). */
    static final String EMBEDDED_PASSWORD = "support";

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static void require(String value, String property) {
        if (blank(value)) {
            throw new IllegalArgumentException(property + " is not set");
        }
    }

    /**
     * @param enabled start an in-process SMTP and IMAP server on the smtp and imap host and port; its
     *                mailbox's login is the support address with the password {@value #EMBEDDED_PASSWORD}
     *                unless one is set
     */
    record EmbeddedServer(@DefaultValue("true") boolean enabled) {
    }

    /**
     * @param maxMessageSize  larger mails go to quarantine unread
     * @param maxTextSize     the turn keeps this much of the text; the original keeps all of it
     * @param maxPerSender    mails one address may send per {@code senderWindow}; more are quarantined
     * @param senderWindow    the window of {@code maxPerSender}
     */
    record Limits(@DefaultValue("25MB") DataSize maxMessageSize, @DefaultValue("32KB") DataSize maxTextSize,
                  @DefaultValue("30") int maxPerSender, @DefaultValue("1h") Duration senderWindow) {

        Limits {
            if (maxPerSender < 1) {
                throw new IllegalArgumentException("switchboard.email.limits.max-per-sender must be at least 1");
            }
        }
    }
}
