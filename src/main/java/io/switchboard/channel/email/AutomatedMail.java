package io.switchboard.channel.email;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.ParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Recognises mail an automaton sent: out-of-office and other auto-replies (RFC 3834
 * {@code Auto-Submitted}, the common {@code X-Autoreply} family), bounces (RFC 3464 delivery status
 * reports, the null sender, mailer daemons) and bulk mail ({@code Precedence}, mailing lists).
 * Answering any of them could start a mail loop.
 */
final class AutomatedMail {

    static final String AUTO_REPLY = "auto-reply";
    static final String BOUNCE = "bounce";
    static final String BULK = "bulk";

    private static final Set<String> DAEMONS = Set.of("mailer-daemon", "postmaster", "mail-daemon", "mailerdaemon");

    private AutomatedMail() {
    }

    /** Why the mail counts as automated, or empty when a person wrote it. */
    static Optional<String> reason(MimeMessage mail, String fromAddress) throws MessagingException {
        if (isReport(mail)) {
            return Optional.of(BOUNCE);
        }
        String returnPath = header(mail, "Return-Path");
        if ("<>".equals(returnPath.replace(" ", "")) || isDaemon(fromAddress)) {
            return Optional.of(BOUNCE);
        }
        String autoSubmitted = header(mail, "Auto-Submitted").toLowerCase(Locale.ROOT);
        if (!autoSubmitted.isEmpty() && !autoSubmitted.startsWith("no")) {
            return Optional.of(AUTO_REPLY);
        }
        if (!header(mail, "X-Autoreply").isEmpty() || !header(mail, "X-Autorespond").isEmpty()
                || !header(mail, "X-Auto-Reply-From").isEmpty()) {
            return Optional.of(AUTO_REPLY);
        }
        String precedence = header(mail, "Precedence").toLowerCase(Locale.ROOT);
        if (precedence.equals("auto_reply")) {
            return Optional.of(AUTO_REPLY);
        }
        if (precedence.equals("bulk") || precedence.equals("junk") || precedence.equals("list")
                || !header(mail, "List-Id").isEmpty() || !header(mail, "List-Unsubscribe").isEmpty()) {
            return Optional.of(BULK);
        }
        return Optional.empty();
    }

    private static boolean isReport(MimeMessage mail) throws MessagingException {
        try {
            var type = new ContentType(mail.getContentType());
            String report = String.valueOf(type.getParameter("report-type")).toLowerCase(Locale.ROOT);
            return type.match("multipart/report")
                    && (report.equals("delivery-status") || report.equals("disposition-notification"));
        } catch (ParseException e) {
            return false;
        }
    }

    private static boolean isDaemon(String fromAddress) {
        int at = fromAddress.indexOf('@');
        return at > 0 && DAEMONS.contains(fromAddress.substring(0, at).toLowerCase(Locale.ROOT));
    }

    private static String header(MimeMessage mail, String name) throws MessagingException {
        String value = mail.getHeader(name, ",");
        return value == null ? "" : value.strip();
    }
}
