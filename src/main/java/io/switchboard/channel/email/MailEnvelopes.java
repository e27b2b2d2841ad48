package io.switchboard.channel.email;

import io.switchboard.customer.Address;
import io.switchboard.customer.AddressNormalizer;
import io.switchboard.customer.InvalidAddressException;
import io.switchboard.envelope.AttachmentRef;
import io.switchboard.envelope.Direction;
import io.switchboard.envelope.Envelope;
import io.switchboard.envelope.Threading;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import org.jsoup.Jsoup;

/**
 * The envelope of a mail taken in: what the customer wrote this time (quotes and signature cut off,
 * within the text limit), its threading ids, the sender's name, a Reply-To as a claim, whether an
 * automaton sent it or the sender is unverified, and its attachments as links into the archive.
 */
final class MailEnvelopes {

    private final AddressNormalizer normalizer;
    private final EmailProperties properties;

    MailEnvelopes(AddressNormalizer normalizer, EmailProperties properties) {
        this.normalizer = normalizer;
        this.properties = properties;
    }

    /** The envelope of a mail taken in as {@code id}, sent to {@code ownAddress}. */
    Envelope of(String id, Address from, MailReader.ReadMail read, Instant receivedAt, String unverified,
                String ownAddress) {
        var metadata = new HashMap<String, String>();
        metadata.put("original", EmailController.messagePath(id));
        if (unverified != null) {
            metadata.put(Envelope.UNVERIFIED, unverified);
        }
        if (read.replyTo() != null) {
            try {
                metadata.put(Envelope.REPLY_TO, normalizer.normalize(EmailIntake.CHANNEL, read.replyTo()).toString());
            } catch (InvalidAddressException e) {
                // an unusable Reply-To is left out: answers go to the sender
            }
        }
        if (read.fromName() != null && !read.fromName().isBlank()) {
            metadata.put("fromName", truncate(read.fromName(), 200));
        }
        if (read.automated() != null) {
            metadata.put(Envelope.AUTOMATED, read.automated());
        }
        String text = newestText(read);
        int maxChars = (int) Math.min(Integer.MAX_VALUE, properties.limits().maxTextSize().toBytes());
        if (text.length() > maxChars) {
            text = text.substring(0, maxChars) + "\n[…]";
            metadata.put("truncated", "true");
        }
        List<AttachmentRef> attachments = read.attachments().stream()
                .map(a -> new AttachmentRef(a.name(), a.mediaType(), a.size(), EmailController.attachmentPath(id, a.index())))
                .toList();
        return new Envelope(id, EmailIntake.CHANNEL, Direction.INBOUND, read.messageId(), from.value(), ownAddress, text,
                truncate(read.subject(), 1000), attachments,
                new Threading(read.ownId() ? read.messageId() : null, read.inReplyTo(), read.references(), null), null,
                receivedAt, metadata);
    }

    /** All the text of the mail, for agents: plain text preferred, else the HTML's text. */
    static String fullText(MailReader.ReadMail read) {
        if (read.text() != null && !read.text().isBlank()) {
            return read.text();
        }
        return read.html() == null ? "" : HtmlText.text(Jsoup.parse(read.html()).body());
    }

    /** What the customer wrote this time: plain text preferred, quotes and signature cut off. */
    private static String newestText(MailReader.ReadMail read) {
        if (read.text() != null && !read.text().isBlank()) {
            return ReplyText.newest(read.text());
        }
        if (read.html() != null) {
            return ReplyText.newest(HtmlText.newestText(read.html()));
        }
        return "";
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
