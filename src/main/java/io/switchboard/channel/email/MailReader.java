package io.switchboard.channel.email;

import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * Reads a raw RFC 5322 message with Jakarta Mail: the sender, threading ids, the text (plain text
 * preferred over HTML in {@code multipart/alternative}), the HTML, and the attachments, in a fixed
 * order so an attachment can be found again by its position. Character sets that lie or do not
 * exist are read as UTF-8 when the bytes are UTF-8, else as Windows-1252, never refused.
 */
final class MailReader {

    static final int MAX_REFERENCES = 20;
    private static final int MAX_DEPTH = 16;
    private static final int MAX_PARTS = 500;
    private static final Session SESSION = session();

    /** A mail that cannot be taken in, and why (never the mail's content). */
    static class UnreadableMailException extends Exception {
        UnreadableMailException(String reason, Throwable cause) {
            super(reason, cause);
        }
    }

    /** A mail without a From address: nobody to answer nor to recognise. */
    static final class NoSenderException extends UnreadableMailException {
        NoSenderException() {
            super("no From address", null);
        }
    }

    /** A MIME structure the RFCs do not allow, described in words of our own (never the mail's). */
    private static final class MalformedMimeException extends MessagingException {
        MalformedMimeException(String reason) {
            super(reason);
        }
    }

    /** An attachment as listed: its position among the mail's attachments, name, type and decoded size. */
    record Attachment(int index, String name, String mediaType, long size) {
    }

    /** An attachment's bytes, found again by position. */
    record AttachmentContent(Attachment attachment, byte[] bytes) {
    }

    /**
     * What the mail says.
     *
     * @param messageId  its Message-ID, or one made from its content when it has none
     * @param ownId      true when the Message-ID is the mail's own (replies can refer to it)
     * @param from       the sender's address as written
     * @param fromName   the sender's name, when given
     * @param replyTo    where answers should go, when not to the sender
     * @param inReplyTo  the message it answers
     * @param references earlier messages of the thread, oldest first, the newest {@value #MAX_REFERENCES}
     * @param automated  why an automaton sent it (see {@link AutomatedMail}), or null
     * @param authenticationResults its {@code Authentication-Results} headers, topmost first
     */
    record ReadMail(String messageId, boolean ownId, String from, String fromName, String replyTo, String subject, String text,
                    String html, List<Attachment> attachments, String inReplyTo, List<String> references,
                    String automated, List<String> authenticationResults) {
    }

    ReadMail read(byte[] raw) throws UnreadableMailException {
        try {
            MimeMessage mail = new MimeMessage(SESSION, new ByteArrayInputStream(raw));
            InternetAddress from = MailHeaders.sender(mail);
            var body = new Body(new Tree(-1));
            walk(mail, body, 0);
            String messageId = MailHeaders.firstId(mail.getHeader("Message-ID", " "));
            return new ReadMail(messageId != null ? messageId : MailHeaders.contentId(raw), messageId != null, from.getAddress(),
                    MimeParts.clean(from.getPersonal()), MailHeaders.replyTo(mail, from), MimeParts.clean(mail.getSubject()), body.text(), body.html(),
                    List.copyOf(body.tree.attachments),
                    MailHeaders.firstId(mail.getHeader("In-Reply-To", " ")), MailHeaders.ids(mail.getHeader("References", " ")),
                    AutomatedMail.reason(mail, from.getAddress()).orElse(null), MailHeaders.authenticationResults(mail));
        } catch (MessagingException | IOException | RuntimeException e) {
            throw new UnreadableMailException("malformed MIME (" + (e instanceof MalformedMimeException
                    ? e.getMessage() : e.getClass().getSimpleName()) + ")", e);
        }
    }

    /** The attachment at {@code index}, as listed by {@link #read}; empty when there is none there. */
    Optional<AttachmentContent> attachment(byte[] raw, int index) throws UnreadableMailException {
        try {
            var tree = new Tree(index);
            walk(new MimeMessage(SESSION, new ByteArrayInputStream(raw)), new Body(tree), 0);
            return Optional.ofNullable(tree.found);
        } catch (MessagingException | IOException | RuntimeException e) {
            throw new UnreadableMailException("malformed MIME (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** What walking a mail's MIME tree found: its text parts and, for the whole tree, its attachments. */
    private static final class Body {
        final List<String> texts = new ArrayList<>();
        final List<String> htmls = new ArrayList<>();
        final Tree tree;

        Body(Tree tree) {
            this.tree = tree;
        }

        String text() {
            return texts.isEmpty() ? null : String.join("\n\n", texts);
        }

        String html() {
            return htmls.isEmpty() ? null : String.join("\n", htmls);
        }
    }

    /** Shared by every branch of one walk: attachments in tree order, and the one asked for, if any. */
    private static final class Tree {
        final List<Attachment> attachments = new ArrayList<>();
        final int wanted;
        int parts;
        AttachmentContent found;

        Tree(int wanted) {
            this.wanted = wanted;
        }
    }

    private void walk(Part part, Body body, int depth) throws MessagingException, IOException {
        if (depth > MAX_DEPTH || ++body.tree.parts > MAX_PARTS) {
            throw new MessagingException("MIME tree too deep or too large");
        }
        boolean attachment = isAttachment(part);
        if (!attachment && part.isMimeType("multipart/*")
                && new ContentType(part.getContentType()).getParameter("boundary") == null) {
            // RFC 2046 requires the boundary; Jakarta Mail would guess one from the first "--" line,
            // which is reading what the sender did not say: such a mail goes to quarantine
            throw new MalformedMimeException("multipart without boundary");
        }
        if (!attachment && part.isMimeType("multipart/alternative")) {
            alternatives((Multipart) part.getContent(), body, depth);
        } else if (!attachment && part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                walk(multipart.getBodyPart(i), body, depth + 1);
            }
        } else if (!attachment && part.isMimeType("text/plain")) {
            body.texts.add(MimeParts.text(part));
        } else if (!attachment && part.isMimeType("text/html")) {
            body.htmls.add(MimeParts.text(part));
        } else if (!part.isMimeType("application/pgp-signature") && !part.isMimeType("application/pkcs7-signature")
                && !part.isMimeType("application/x-pkcs7-signature")) {
            addAttachment(part, body.tree);
        }
    }

    /** Every alternative is walked (for the HTML and the attachments); the text is the plain one's. */
    private void alternatives(Multipart alternatives, Body body, int depth) throws MessagingException, IOException {
        var plain = new ArrayList<String>();
        for (int i = 0; i < alternatives.getCount(); i++) {
            var one = new Body(body.tree);
            walk(alternatives.getBodyPart(i), one, depth + 1);
            plain.addAll(one.texts);
            body.htmls.addAll(one.htmls);
        }
        body.texts.addAll(plain);
    }

    private static boolean isAttachment(Part part) throws MessagingException {
        String disposition;
        try {
            disposition = part.getDisposition();
        } catch (MessagingException e) {
            disposition = null;
        }
        if (Part.ATTACHMENT.equalsIgnoreCase(disposition)) {
            return true;
        }
        return MimeParts.fileName(part) != null && !part.isMimeType("text/plain") && !part.isMimeType("text/html")
                && !part.isMimeType("multipart/*");
    }

    private static void addAttachment(Part part, Tree tree) throws MessagingException, IOException {
        int index = tree.attachments.size();
        String name = MimeParts.fileName(part);
        if (name == null && part.isMimeType("message/rfc822")) {
            name = "message.eml";
        }
        String type = MimeParts.baseType(part);
        if (index == tree.wanted) {
            byte[] bytes = MimeParts.decoded(part);
            var attachment = new Attachment(index, name, type, bytes.length);
            tree.attachments.add(attachment);
            tree.found = new AttachmentContent(attachment, bytes);
            return;
        }
        long size;
        try (InputStream in = MimeParts.decodedStream(part)) {
            size = in.transferTo(OutputStream.nullOutputStream());
        }
        tree.attachments.add(new Attachment(index, name, type, size));
    }

    private static Session session() {
        var properties = new Properties();
        // read what senders write, not only what the RFCs allow
        properties.setProperty("mail.mime.address.strict", "false");
        return Session.getInstance(properties);
    }
}
