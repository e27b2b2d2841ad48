package io.switchboard.channel.email;

import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One MIME part as {@link MailReader} takes it: its file name and type, its bytes after the transfer
 * encoding, its text whatever character set it declares (UTF-8 when the bytes are UTF-8, else
 * Windows-1252, never refused), without control characters.
 */
final class MimeParts {

    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]");
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private MimeParts() {
    }

    static String fileName(Part part) {
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

    static String baseType(Part part) {
        try {
            return new ContentType(part.getContentType()).getBaseType().toLowerCase(Locale.ROOT);
        } catch (MessagingException e) {
            return "application/octet-stream";
        }
    }

    /** A text part as a string, whatever its declared character set, with plain line ends and no control characters. */
    static String text(Part part) throws MessagingException, IOException {
        return CONTROL.matcher(decodedText(part).replace("\r\n", "\n").replace('\r', '\n')).replaceAll("");
    }

    static String clean(String header) {
        return header == null ? null : CONTROL.matcher(header).replaceAll("").strip();
    }

    static String decodedText(Part part) throws MessagingException, IOException {
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

    static Charset declaredCharset(Part part) {
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

    static byte[] decoded(Part part) throws MessagingException, IOException {
        try (InputStream in = decodedStream(part)) {
            return in.readAllBytes();
        }
    }

    /** The part's bytes after its transfer encoding; the raw bytes when the encoding is unknown. */
    static InputStream decodedStream(Part part) throws MessagingException, IOException {
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
}
