package io.switchboard.channel.email;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UnsupportedEncodingException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>\\s]{1,500}>");
    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]");
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    private static final Session SESSION = session();

    /** A mail that cannot be taken in, and why (never the mail's content). */
    static final class UnreadableMailException extends Exception {
        UnreadableMailException(String reason, Throwable cause) {
            super(reason, cause);
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
            InternetAddress from = sender(mail);
            var body = new Body(new Tree(-1));
            walk(mail, body, 0);
            String messageId = firstId(mail.getHeader("Message-ID", " "));
            return new ReadMail(messageId != null ? messageId : contentId(raw), messageId != null, from.getAddress(),
                    clean(from.getPersonal()), replyTo(mail, from), clean(mail.getSubject()), body.text(), body.html(),
                    List.copyOf(body.tree.attachments),
                    firstId(mail.getHeader("In-Reply-To", " ")), ids(mail.getHeader("References", " ")),
                    AutomatedMail.reason(mail, from.getAddress()).orElse(null), authenticationResults(mail));
        } catch (MessagingException | IOException | RuntimeException e) {
            throw new UnreadableMailException("malformed MIME (" + e.getClass().getSimpleName() + ")", e);
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

    private static InternetAddress sender(MimeMessage mail) throws MessagingException, UnreadableMailException {
        Address[] from;
        try {
            from = mail.getFrom();
        } catch (MessagingException e) {
            throw new UnreadableMailException("unreadable From", e);
        }
        if (from == null || from.length == 0 || !(from[0] instanceof InternetAddress sender)
                || sender.getAddress() == null || sender.getAddress().isBlank()) {
            throw new UnreadableMailException("no From address", null);
        }
        return sender;
    }

    private static List<String> authenticationResults(MimeMessage mail) throws MessagingException {
        String[] headers = mail.getHeader("Authentication-Results");
        return headers == null ? List.of() : List.of(headers);
    }

    private static String replyTo(MimeMessage mail, InternetAddress from) {
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
        if (!attachment && part.isMimeType("multipart/alternative")) {
            alternatives((Multipart) part.getContent(), body, depth);
        } else if (!attachment && part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                walk(multipart.getBodyPart(i), body, depth + 1);
            }
        } else if (!attachment && part.isMimeType("text/plain")) {
            body.texts.add(text(part));
        } else if (!attachment && part.isMimeType("text/html")) {
            body.htmls.add(text(part));
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
        return fileName(part) != null && !part.isMimeType("text/plain") && !part.isMimeType("text/html")
                && !part.isMimeType("multipart/*");
    }

    private static void addAttachment(Part part, Tree tree) throws MessagingException, IOException {
        int index = tree.attachments.size();
        String name = fileName(part);
        if (name == null && part.isMimeType("message/rfc822")) {
            name = "message.eml";
        }
        String type = baseType(part);
        if (index == tree.wanted) {
            byte[] bytes = decoded(part);
            var attachment = new Attachment(index, name, type, bytes.length);
            tree.attachments.add(attachment);
            tree.found = new AttachmentContent(attachment, bytes);
            return;
        }
        long size;
        try (InputStream in = decodedStream(part)) {
            size = in.transferTo(OutputStream.nullOutputStream());
        }
        tree.attachments.add(new Attachment(index, name, type, size));
    }

    private static String fileName(Part part) {
        try {
            String name = part.getFileName();
            if (name == null || name.isBlank()) {
                return null;
            }
            if (name.contains("=?")) {
                name = MimeUtility.decodeText(name);
            }
            // only the last path segment, and no control characters, whatever the sender wrote
            name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1)
                    .replaceAll("\\p{Cntrl}", "").strip();
            return name.isEmpty() ? null : name.substring(0, Math.min(name.length(), 255));
        } catch (MessagingException | UnsupportedEncodingException e) {
            return null;
        }
    }

    private static String baseType(Part part) {
        try {
            return new ContentType(part.getContentType()).getBaseType().toLowerCase(Locale.ROOT);
        } catch (MessagingException e) {
            return "application/octet-stream";
        }
    }

    /** A text part as a string, whatever its declared character set, with plain line ends and no control characters. */
    private static String text(Part part) throws MessagingException, IOException {
        return CONTROL.matcher(decodedText(part).replace("\r\n", "\n").replace('\r', '\n')).replaceAll("");
    }

    private static String clean(String header) {
        return header == null ? null : CONTROL.matcher(header).replaceAll("").strip();
    }

    private static String decodedText(Part part) throws MessagingException, IOException {
        byte[] bytes = decoded(part);
        Charset declared = declaredCharset(part);
        if (declared != null) {
            return new String(bytes, declared);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, WINDOWS_1252);
        }
    }

    private static Charset declaredCharset(Part part) {
        try {
            String name = new ContentType(part.getContentType()).getParameter("charset");
            if (name == null) {
                return null;
            }
            String java = MimeUtility.javaCharset(name.strip());
            return Charset.isSupported(java) ? Charset.forName(java) : null;
        } catch (MessagingException | IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] decoded(Part part) throws MessagingException, IOException {
        try (InputStream in = decodedStream(part)) {
            return in.readAllBytes();
        }
    }

    /** The part's bytes after its transfer encoding; the raw bytes when the encoding is unknown. */
    private static InputStream decodedStream(Part part) throws MessagingException, IOException {
        try {
            return part.getInputStream();
        } catch (MessagingException e) {
            if (part instanceof MimeBodyPart body) {
                return body.getRawInputStream();
            }
            if (part instanceof MimeMessage message) {
                return message.getRawInputStream();
            }
            throw e;
        }
    }

    private static String firstId(String header) {
        List<String> ids = ids(header);
        return ids.isEmpty() ? null : ids.get(0);
    }

    private static List<String> ids(String header) {
        if (header == null) {
            return List.of();
        }
        var ids = new ArrayList<String>();
        Matcher m = MESSAGE_ID.matcher(header);
        while (m.find()) {
            ids.add(m.group());
        }
        return List.copyOf(ids.subList(Math.max(0, ids.size() - MAX_REFERENCES), ids.size()));
    }

    /** Stands in for a missing Message-ID: the same mail polled twice still gets the same id. */
    private static String contentId(byte[] raw) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(raw);
            return "<" + HexFormat.of().formatHex(hash, 0, 20) + "@no-message-id.switchboard.invalid>";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static Session session() {
        var properties = new Properties();
        // read what senders write, not only what the RFCs allow
        properties.setProperty("mail.mime.address.strict", "false");
        return Session.getInstance(properties);
    }
}
