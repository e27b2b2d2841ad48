package io.switchboard.channel.email;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The headers {@link MailReader} reads: the sender, where answers should go, threading ids, authentication results. */
final class MailHeaders {

    private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>\\s]{1,500}>");

    private MailHeaders() {
    }

    static InternetAddress sender(MimeMessage mail) throws MessagingException, MailReader.UnreadableMailException {
        Address[] from;
        try {
            from = mail.getFrom();
        } catch (MessagingException e) {
            throw new MailReader.UnreadableMailException("unreadable From", e);
        }
        if (from == null || from.length == 0 || !(from[0] instanceof InternetAddress sender)
                || sender.getAddress() == null || sender.getAddress().isBlank()) {
            throw new MailReader.NoSenderException();
        }
        return sender;
    }

    static List<String> authenticationResults(MimeMessage mail) throws MessagingException {
        String[] headers = mail.getHeader("Authentication-Results");
        return headers == null ? List.of() : List.of(headers);
    }

    static String replyTo(MimeMessage mail, InternetAddress from) {
        try {
            String header = mail.getHeader("Reply-To", ",");
            if (header == null) {
                return null;
            }
            InternetAddress[] replyTo = InternetAddress.parseHeader(header, false);
            if (replyTo.length == 0 || replyTo[0].getAddress() == null
                    || replyTo[0].getAddress().equalsIgnoreCase(from.getAddress())) {
                return null;
            }
            return replyTo[0].getAddress();
        } catch (MessagingException e) {
            return null; // an unreadable Reply-To is ignored: answers go to the sender
        }
    }

    static String firstId(String header) {
        List<String> ids = ids(header);
        return ids.isEmpty() ? null : ids.get(0);
    }

    static List<String> ids(String header) {
        if (header == null) {
            return List.of();
        }
        var ids = new ArrayList<String>();
        Matcher m = MESSAGE_ID.matcher(header);
        while (m.find()) {
            ids.add(m.group());
        }
        return List.copyOf(ids.subList(Math.max(0, ids.size() - MailReader.MAX_REFERENCES), ids.size()));
    }

    /** Stands in for a missing Message-ID: the same mail polled twice still gets the same id. */
    static String contentId(byte[] raw) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(raw);
            return "<" + HexFormat.of().formatHex(hash, 0, 20) + "@no-message-id.switchboard.invalid>";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
