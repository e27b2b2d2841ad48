package io.switchboard.support;

import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.springframework.core.env.Environment;

/**
 * A mail client over real SMTP and IMAP (Jakarta Mail), as a customer's mail program or the
 * support team's admin would use one: sends mail, raw or composed, and reads folders.
 */
public final class MailClient {

    private final String host;
    private final int smtpPort;
    private final int imapPort;

    public MailClient(String host, int smtpPort, int imapPort) {
        this.host = host;
        this.smtpPort = smtpPort;
        this.imapPort = imapPort;
    }

    /** The mail server a gateway connects to (its embedded one, on the ports it took). */
    public static MailClient of(Environment gateway) {
        return new MailClient(gateway.getRequiredProperty("switchboard.email.smtp.host"),
                gateway.getRequiredProperty("switchboard.email.smtp.port", Integer.class),
                gateway.getRequiredProperty("switchboard.email.imap.port", Integer.class));
    }

    /** A plain text mail with a fresh Message-ID, ready to change further before sending. */
    public MimeMessage compose(String from, String to, String subject, String text) {
        try {
            var mail = new MimeMessage(session());
            mail.setFrom(new InternetAddress(from));
            mail.setRecipients(Message.RecipientType.TO, InternetAddress.parse(to));
            mail.setSubject(subject, "UTF-8");
            mail.setText(text, "UTF-8");
            mail.saveChanges();
            mail.setHeader("Message-ID", "<" + UUID.randomUUID() + "@customer.example>");
            return mail;
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A mail as mail programs write one with formatting and a file: text and HTML alternatives, then
     * one attachment; a fresh Message-ID.
     */
    public MimeMessage compose(String from, String to, String subject, String text, String html, String fileName,
                               byte[] file) {
        try {
            MimeMessage mail = compose(from, to, subject, "");
            var plain = new MimeBodyPart();
            plain.setText(text, "UTF-8");
            var formatted = new MimeBodyPart();
            formatted.setText(html, "UTF-8", "html");
            var body = new MimeBodyPart();
            body.setContent(new MimeMultipart("alternative", plain, formatted));
            var attachment = new MimeBodyPart();
            attachment.setContent(file, "application/octet-stream");
            attachment.setFileName(fileName);
            mail.setContent(new MimeMultipart(body, attachment));
            mail.saveChanges();
            mail.setHeader("Message-ID", "<" + UUID.randomUUID() + "@customer.example>");
            return mail;
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends the mail to its To recipients; returns its Message-ID. */
    public String send(MimeMessage mail) {
        try {
            String id = mail.getMessageID();
            try (Transport smtp = session().getTransport("smtp")) {
                smtp.connect(host, smtpPort, null, null);
                smtp.sendMessage(mail, mail.getRecipients(Message.RecipientType.TO));
            }
            return id;
        } catch (MessagingException e) {
            throw new IllegalStateException("SMTP send failed", e);
        }
    }

    /** Sends the bytes exactly as given, whatever they contain, from and to these envelope addresses. */
    public void sendRaw(String envelopeFrom, String to, String raw) {
        sendRaw(envelopeFrom, to, List.of(raw));
    }

    /** Sends each raw message over one SMTP connection. */
    public void sendRaw(String envelopeFrom, String to, List<String> raws) {
        try {
            Session session = session();
            session.getProperties().setProperty("mail.smtp.from", envelopeFrom);
            try (Transport smtp = session.getTransport("smtp")) {
                smtp.connect(host, smtpPort, null, null);
                for (String raw : raws) {
                    var mail = new MimeMessage(session, new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
                    smtp.sendMessage(mail, new Address[] {new InternetAddress(to)});
                }
            }
        } catch (MessagingException e) {
            throw new IllegalStateException("SMTP send failed", e);
        }
    }

    /** The messages of a folder (read over IMAP, copied so they outlive the connection). */
    public List<MimeMessage> read(String user, String password, String folderName) {
        try (Store imap = session().getStore("imap")) {
            try {
                imap.connect(host, imapPort, user, password);
            } catch (AuthenticationFailedException noMailboxYet) {
                // the embedded server creates a recipient's mailbox with their first mail
                return List.of();
            }
            Folder folder = imap.getFolder(folderName);
            if (!folder.exists()) {
                return List.of();
            }
            folder.open(Folder.READ_ONLY);
            try {
                var copies = new ArrayList<MimeMessage>();
                for (Message message : folder.getMessages()) {
                    if (!message.isSet(Flags.Flag.DELETED)) {
                        var bytes = new ByteArrayOutputStream();
                        message.writeTo(bytes);
                        copies.add(new MimeMessage(session(), new ByteArrayInputStream(bytes.toByteArray())));
                    }
                }
                return copies;
            } finally {
                folder.close(false);
            }
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("IMAP read failed", e);
        }
    }

    /** The subjects in a folder, read from the server's envelope data only (no bodies downloaded). */
    public List<String> subjects(String user, String password, String folderName) {
        try (Store imap = session().getStore("imap")) {
            imap.connect(host, imapPort, user, password);
            Folder folder = imap.getFolder(folderName);
            if (!folder.exists()) {
                return List.of();
            }
            folder.open(Folder.READ_ONLY);
            try {
                Message[] messages = folder.getMessages();
                var profile = new FetchProfile();
                profile.add(FetchProfile.Item.ENVELOPE);
                profile.add(FetchProfile.Item.FLAGS);
                folder.fetch(messages, profile);
                var subjects = new ArrayList<String>();
                for (Message message : messages) {
                    if (!message.isSet(Flags.Flag.DELETED)) {
                        subjects.add(String.valueOf(message.getSubject()));
                    }
                }
                return subjects;
            } finally {
                folder.close(false);
            }
        } catch (MessagingException e) {
            throw new IllegalStateException("IMAP read failed", e);
        }
    }

    /** How many messages a folder holds (0 when it does not exist). */
    public int count(String user, String password, String folderName) {
        try (Store imap = session().getStore("imap")) {
            imap.connect(host, imapPort, user, password);
            Folder folder = imap.getFolder(folderName);
            if (!folder.exists()) {
                return 0;
            }
            folder.open(Folder.READ_ONLY);
            try {
                return folder.getMessageCount() - folder.getDeletedMessageCount();
            } finally {
                folder.close(false);
            }
        } catch (MessagingException e) {
            throw new IllegalStateException("IMAP read failed", e);
        }
    }

    private static Session session() {
        var properties = new Properties();
        properties.setProperty("mail.smtp.connectiontimeout", "10000");
        properties.setProperty("mail.smtp.timeout", "30000");
        properties.setProperty("mail.imap.connectiontimeout", "10000");
        properties.setProperty("mail.imap.timeout", "30000");
        return Session.getInstance(properties);
    }
}
