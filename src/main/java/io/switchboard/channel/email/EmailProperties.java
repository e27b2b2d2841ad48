package io.switchboard.channel.email;

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
        @DefaultValue Imap imap,
        @DefaultValue Smtp smtp,
        @DefaultValue EmbeddedServer embeddedServer,
        @DefaultValue Limits limits,
        @DefaultValue("require") SenderVerification.Policy senderVerification,
        @DefaultValue List<String> trustedAuthservIds) {

    EmailProperties {
        trustedAuthservIds = List.copyOf(trustedAuthservIds);
    }

    /**
     * @param host             IMAP server
     * @param port             its port (993 for IMAPS)
     * @param ssl              IMAPS (TLS from the first byte)
     * @param folder           the folder read
     * @param processedFolder  where a mail moves once recorded
     * @param quarantineFolder where a mail that cannot be taken in moves, with the reason logged
     * @param pollInterval     time between polls
     * @param batchSize        mails taken per poll
     */
    record Imap(@DefaultValue("127.0.0.1") String host, @DefaultValue("3143") int port,
                @DefaultValue("support@switchboard.local") String username, @DefaultValue("support") String password,
                @DefaultValue("false") boolean ssl, @DefaultValue("INBOX") String folder,
                @DefaultValue("Processed") String processedFolder, @DefaultValue("Quarantine") String quarantineFolder,
                @DefaultValue("5s") Duration pollInterval, @DefaultValue("50") int batchSize) {
    }

    /**
     * @param starttls upgrade the connection with STARTTLS, and refuse to send without it
     * @param ssl      SMTPS (TLS from the first byte, usually port 465)
     */
    record Smtp(@DefaultValue("127.0.0.1") String host, @DefaultValue("3025") int port,
                @DefaultValue("support@switchboard.local") String username, @DefaultValue("support") String password,
                @DefaultValue("false") boolean starttls, @DefaultValue("false") boolean ssl) {
    }

    /** @param enabled start an in-process SMTP and IMAP server on the smtp and imap host and port */
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
