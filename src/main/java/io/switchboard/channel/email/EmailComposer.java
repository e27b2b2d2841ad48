package io.switchboard.channel.email;

import io.switchboard.envelope.Envelope;
import io.switchboard.envelope.EnvelopeHeaders;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.apache.camel.Exchange;
import org.springframework.web.util.HtmlUtils;

/**
 * Turns an outbound envelope into the mail the {@code email-sink} connector sends: from the support
 * address, to exactly the envelope's recipient (never a Reply-To of its own choosing: delivery picks
 * the address, and one a mail named goes only once an agent confirmed it), {@code Re:} subject,
 * {@code In-Reply-To} and {@code References} so it lands in the customer's thread, text with a
 * simple HTML alternative. Its Message-ID follows from the envelope id, so a retried send is the
 * same message, and is handed back as the provider's message id (our turn's threading id).
 */
public class EmailComposer {

    private static final Session SESSION = Session.getInstance(new Properties());

    private final MailArchive archive;
    private final EmailProperties properties;

    EmailComposer(MailArchive archive, EmailProperties properties) {
        this.archive = archive;
        this.properties = properties;
    }

    public MimeMessage compose(Envelope envelope, Exchange exchange) throws MessagingException {
        String messageId = "<" + envelope.id() + "@" + domain() + ">";
        var answered = envelope.threading().inReplyTo() == null ? null
                : archive.findByMessageId(envelope.threading().inReplyTo()).orElse(null);
        InternetAddress recipient = recipient(envelope.to());

        var mail = new IdentifiedMessage(messageId);
        mail.setFrom(sender());
        mail.setRecipient(Message.RecipientType.TO, recipient);
        mail.setSubject(subject(envelope), StandardCharsets.UTF_8.name());
        mail.setSentDate(Date.from(envelope.timestamp()));
        if (envelope.threading().inReplyTo() != null) {
            mail.setHeader("In-Reply-To", envelope.threading().inReplyTo());
            mail.setHeader("References", String.join(" ", references(envelope, answered)));
        }
        if ("ai".equals(envelope.metadata().get("author"))) {
            mail.setHeader("Auto-Submitted", "auto-replied");
        } else if (envelope.metadata().containsKey("purpose")) {
            mail.setHeader("Auto-Submitted", "auto-generated");
        }
        mail.setContent(body(envelope.text()));
        mail.saveChanges();
        exchange.getMessage().setHeader(EnvelopeHeaders.PROVIDER_MESSAGE_ID, messageId);
        return mail;
    }

    private String subject(Envelope envelope) {
        String subject = envelope.subject() == null || envelope.subject().isBlank()
                ? properties.defaultSubject() : envelope.subject();
        return subject.replaceAll("[\\r\\n]+", " ");
    }

    /** The thread as the customer's client knows it, ending with the message answered. */
    private static List<String> references(Envelope envelope, MailArchive.ArchivedMail answered) {
        var chain = new LinkedHashSet<String>(answered != null ? answered.references() : envelope.threading().references());
        chain.remove(envelope.threading().inReplyTo());
        chain.add(envelope.threading().inReplyTo());
        var all = new ArrayList<>(chain);
        return all.subList(Math.max(0, all.size() - MailReader.MAX_REFERENCES), all.size());
    }

    private static MimeMultipart body(String text) throws MessagingException {
        var plain = new MimeBodyPart();
        plain.setText(text, StandardCharsets.UTF_8.name(), "plain");
        var html = new MimeBodyPart();
        html.setText("<!DOCTYPE html><html><body><div style=\"font-family:sans-serif;white-space:pre-wrap\">"
                + HtmlUtils.htmlEscape(text) + "</div></body></html>", StandardCharsets.UTF_8.name(), "html");
        return new MimeMultipart("alternative", plain, html);
    }

    private InternetAddress sender() throws MessagingException {
        try {
            return new InternetAddress(properties.address(), properties.displayName(), StandardCharsets.UTF_8.name());
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException("UTF-8 is always supported", e);
        }
    }

    private InternetAddress recipient(String to) throws AddressException {
        var recipient = new InternetAddress(to, true);
        if (recipient.getAddress().equalsIgnoreCase(properties.address())) {
            throw new AddressException("refusing to mail the support address itself: that would loop");
        }
        return recipient;
    }

    private String domain() {
        String address = properties.address();
        return address.substring(address.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
    }

    /** Jakarta Mail replaces the Message-ID on every save; ours must stay. */
    private static final class IdentifiedMessage extends MimeMessage {
        private final String messageId;

        IdentifiedMessage(String messageId) {
            super(SESSION);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
