package io.switchboard.channel.email;

import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.envelope.Envelope;
import io.switchboard.envelope.EnvelopeHeaders;
import io.switchboard.envelope.Receipt;
import io.switchboard.customer.Address;
import io.switchboard.customer.AddressNormalizer;
import io.switchboard.customer.InvalidAddressException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.convert.DurationStyle;

/**
 * Takes in one polled mail for the {@code email-source} connector: reads it, archives the original
 * and returns its envelope; or says why it belongs in quarantine (header {@link #QUARANTINE}, no
 * body), or ignores it (no body): our own mail, and a bounce of a reply of ours, whose delivery it
 * marks failed instead. Only the gateway failing (say, its database) throws,
 * so the mail stays in the folder and is polled again.
 */
public class EmailIntake {

    /** Header set to the reason when the polled mail must go to the quarantine folder. */
    public static final String QUARANTINE = "switchboard-email-quarantine";
    static final String CHANNEL = "email";
    /** Exchange property: what {@link #read} found, for {@link #recorded}. */
    private static final String READ = "switchboard-email-read";
    private static final Logger log = LoggerFactory.getLogger(EmailIntake.class);

    private final MailReader reader = new MailReader();
    private final MailEnvelopes envelopes;
    private final MailIds ids;
    private final MailArchive archive;
    private final ProducerTemplate receipts;
    private final AddressNormalizer normalizer;
    private final EmailProperties properties;
    private final MeterRegistry meters;
    private final Clock clock;
    private final SenderVerification verification;

    EmailIntake(MailIds ids, MailArchive archive, ProducerTemplate receipts, AddressNormalizer normalizer,
                EmailProperties properties, MeterRegistry meters, Clock clock) {
        this.ids = ids;
        this.archive = archive;
        this.receipts = receipts;
        this.normalizer = normalizer;
        this.envelopes = new MailEnvelopes(normalizer, properties);
        this.properties = properties;
        this.meters = meters;
        this.clock = clock;
        this.verification = new SenderVerification(properties.senderVerification(), properties.trustedAuthservIds());
        if (properties.senderVerification() == SenderVerification.Policy.OFF && !properties.embeddedServer().enabled()) {
            log.warn("E-MAIL SENDER VERIFICATION IS OFF with a real mail server: anyone can write as a customer and "
                    + "join their conversation. Set switchboard.email.sender-verification=require and "
                    + "switchboard.email.trusted-authserv-ids to the receiving server's authserv-id.");
        } else if (properties.senderVerification() == SenderVerification.Policy.REQUIRE
                && properties.trustedAuthservIds().isEmpty()) {
            log.warn("No trusted receiving server is configured (switchboard.email.trusted-authserv-ids): every e-mail "
                    + "sender stays unverified, each in a conversation of their own, until they answer a mail of ours.");
        }
    }

    /** The mail's envelope, or null when it is quarantined or ignored. */
    public Envelope read(Exchange exchange) throws MessagingException, IOException {
        Message mail = exchange.getIn().getBody(Message.class);
        Instant receivedAt = mail.getReceivedDate() != null ? mail.getReceivedDate().toInstant() : clock.instant();
        long max = properties.limits().maxMessageSize().toBytes();
        if (mail.getSize() > max) {
            return quarantine(exchange, mail, "larger than " + megabytes(max), "too-large");
        }
        byte[] raw;
        try {
            raw = original(mail, max);
        } catch (TooLargeException e) {
            return quarantine(exchange, mail, "larger than " + megabytes(max), "too-large");
        }
        MailReader.ReadMail read;
        try {
            read = reader.read(raw);
        } catch (MailReader.NoSenderException e) {
            return quarantine(exchange, mail, e.getMessage(), "no-sender");
        } catch (MailReader.UnreadableMailException e) {
            return quarantine(exchange, mail, e.getMessage(), "unreadable");
        }
        Address from;
        try {
            from = normalizer.normalize(CHANNEL, read.from());
        } catch (InvalidAddressException e) {
            return quarantine(exchange, mail, "the From address is not usable", "bad-sender");
        }
        String id = ids.of(read.messageId());
        if (from.value().equals(ownAddress())) {
            log.info("mail {} ignored: it comes from our own address", id);
            count("ignored", "own-address");
            return null;
        }
        if (AutomatedMail.BOUNCE.equals(read.automated()) && bouncedOurs(raw)) {
            log.info("mail {} is a bounce of a reply of ours: its delivery is marked failed", id);
            count("ignored", "bounce-of-ours");
            return null;
        }
        if (!archive.contains(id) && archive.takenInSince(from.value(),
                receivedAt.minus(properties.limits().senderWindow())) >= properties.limits().maxPerSender()) {
            return quarantine(exchange, id, from.masked(), "more than " + properties.limits().maxPerSender()
                    + " mails from one sender within " + DurationStyle.SIMPLE.print(properties.limits().senderWindow()),
                    "flood");
        }
        archive.store(id, from.value(), read, receivedAt, raw, MailEnvelopes.fullText(read),
                read.html() == null ? null : HtmlText.sanitized(read.html()));
        String unverified = verification.unverifiedReason(from.value(), read.authenticationResults());
        Envelope envelope = envelopes.of(id, from, read, receivedAt, unverified, ownAddress());
        exchange.setProperty(READ, new Read(id, from.masked(), raw.length, read.attachments().size(), read.automated(),
                unverified));
        return envelope;
    }

    /**
     * Logs and counts a mail the inbound pipeline took: taken in, or one it had recorded already (the
     * same Message-ID delivered again, or a mail recorded just before a stop and read again).
     */
    public void recorded(Exchange exchange) {
        Read read = exchange.getProperty(READ, Read.class);
        if (exchange.getProperty(Exchange.DUPLICATE_MESSAGE, false, Boolean.class)) {
            log.info("mail {} from {} was taken in already: not recorded again", read.id(), read.sender());
            count("duplicate", "message-id");
            return;
        }
        log.info("mail {} from {} taken in: {} bytes, {} attachment(s){}{}", read.id(), read.sender(), read.bytes(),
                read.attachments(), read.automated() == null ? "" : ", sent by an automaton (" + read.automated() + ")",
                read.unverified() == null ? "" : ", sender unverified (" + read.unverified() + ")");
        count("accepted", read.automated() == null ? "none" : read.automated());
    }

    /** What {@link #recorded} says about a mail; its sender masked. */
    private record Read(String id, String sender, int bytes, int attachments, String automated, String unverified) {
    }

    /** Marks the replies of ours a delivery report names as failed; true when it named any. */
    private boolean bouncedOurs(byte[] raw) {
        String domain = Pattern.quote(ownAddress().substring(ownAddress().lastIndexOf('@') + 1));
        Matcher ours = Pattern.compile("<[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}@" + domain + ">",
                Pattern.CASE_INSENSITIVE).matcher(new String(raw, StandardCharsets.ISO_8859_1));
        boolean any = false;
        while (ours.find()) {
            any |= Boolean.TRUE.equals(receipts.requestBody(EnvelopeHeaders.RECEIPTS,
                    Receipt.forProviderId(CHANNEL, ours.group(), Receipt.Status.FAILED, "bounced"), Boolean.class));
        }
        return any;
    }

    private Envelope quarantine(Exchange exchange, Message mail, String reason, String kind) {
        return quarantine(exchange, idOf(mail), senderOf(mail), reason, kind);
    }

    private Envelope quarantine(Exchange exchange, String id, String maskedSender, String reason, String kind) {
        log.warn("mail {} from {} quarantined: {}", id, maskedSender, reason);
        count("quarantined", kind);
        exchange.getMessage().setHeader(QUARANTINE, reason);
        return null;
    }

    private void count(String outcome, String reason) {
        meters.counter("switchboard.email.intake", "outcome", outcome, "reason", reason).increment();
    }

    private String ownAddress() {
        return properties.address().strip().toLowerCase(Locale.ROOT);
    }

    /** A mail's envelope (and turn) id follows from its Message-ID: polled twice, archived once. */
    private String idOf(Message mail) {
        try {
            String[] messageIds = mail.getHeader("Message-ID");
            return messageIds == null || messageIds.length == 0 ? "without Message-ID" : ids.of(messageIds[0].strip());
        } catch (MessagingException e) {
            return "without Message-ID";
        }
    }

    private String senderOf(Message mail) {
        try {
            var from = mail.getFrom();
            if (from != null && from.length > 0 && from[0] instanceof InternetAddress sender) {
                return normalizer.normalize(CHANNEL, sender.getAddress()).masked();
            }
        } catch (MessagingException | IllegalArgumentException e) {
            return "an unreadable sender";
        }
        return "no sender";
    }

    /** The mail as received, refusing to hold more than {@code max} bytes of it in memory. */
    private static byte[] original(Message mail, long max) throws MessagingException, IOException {
        var out = new ByteArrayOutputStream() {
            @Override
            public synchronized void write(byte[] b, int off, int len) {
                if (count + (long) len > max) {
                    throw new TooLargeException();
                }
                super.write(b, off, len);
            }

            @Override
            public synchronized void write(int b) {
                if (count + 1L > max) {
                    throw new TooLargeException();
                }
                super.write(b);
            }
        };
        mail.writeTo(out);
        return out.toByteArray();
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.0fMB", bytes / (1024.0 * 1024.0));
    }

    /** The server said one size and sent more. */
    private static final class TooLargeException extends RuntimeException {
        TooLargeException() {
            super("mail larger than the limit", null, false, false);
        }
    }
}
