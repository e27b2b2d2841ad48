package io.switchboard.channel.email;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every mail taken in, as it arrived, in the database (so any instance can serve it, and nothing of
 * it sits in Hazelcast): the original bytes, the full text, the sanitised HTML, the attachment list.
 * Rows are keyed by the envelope id, which a mail's Message-ID determines, so a mail polled twice is
 * stored once.
 */
class MailArchive {

    private static final TypeReference<List<MailReader.Attachment>> ATTACHMENTS = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    MailArchive(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * A mail as archived, without its bytes.
     *
     * @param from       the sender, normalised
     * @param references the thread's earlier messages, oldest first: the mail's References, or its
     *                   In-Reply-To where it has none (RFC 5322 3.6.4), so a reply's chain is whole
     */
    record ArchivedMail(String id, String messageId, String from, String replyTo, List<String> references,
                        String subject, Instant receivedAt, long size, List<MailReader.Attachment> attachments,
                        String fullText, boolean hasHtml) {
    }

    boolean contains(String id) {
        Integer n = jdbc.queryForObject("select count(*) from mail_message where id = ?", Integer.class, id);
        return n != null && n > 0;
    }

    /** Keeps the mail unless it is already kept; {@code fullText} is all of its text, quotes included. */
    void store(String id, String from, MailReader.ReadMail mail, Instant receivedAt, byte[] original, String fullText,
               String sanitizedHtml) {
        if (contains(id)) {
            return;
        }
        jdbc.update("""
                insert into mail_message (id, message_id, from_address, reply_to, thread_refs, subject, received_at,
                                          size_bytes, attachments, full_text, sanitized_html, original)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                id, mail.messageId(), from, mail.replyTo(), String.join(" ", thread(mail)),
                truncate(mail.subject(), 1000), Timestamp.from(receivedAt), original.length, write(mail.attachments()),
                fullText, sanitizedHtml, original);
    }

    private static List<String> thread(MailReader.ReadMail mail) {
        return mail.references().isEmpty() && mail.inReplyTo() != null ? List.of(mail.inReplyTo()) : mail.references();
    }

    Optional<ArchivedMail> find(String id) {
        return jdbc.query("""
                select id, message_id, from_address, reply_to, thread_refs, subject, received_at, size_bytes,
                       attachments, full_text, sanitized_html is not null as has_html
                from mail_message where id = ?""", (rs, i) -> row(rs), id).stream().findFirst();
    }

    /** The newest mail taken in with this Message-ID. */
    Optional<ArchivedMail> findByMessageId(String messageId) {
        return jdbc.query("""
                select id, message_id, from_address, reply_to, thread_refs, subject, received_at, size_bytes,
                       attachments, full_text, sanitized_html is not null as has_html
                from mail_message where message_id = ? order by received_at desc limit 1""",
                (rs, i) -> row(rs), messageId).stream().findFirst();
    }

    Optional<String> sanitizedHtml(String id) {
        return jdbc.queryForList("select sanitized_html from mail_message where id = ?", String.class, id).stream()
                .filter(html -> html != null).findFirst();
    }

    /** The mail as received; empty once retention dropped it (the row stays for threading). */
    Optional<byte[]> original(String id) {
        return jdbc.query("select original from mail_message where id = ?", (rs, i) -> rs.getBytes(1), id).stream()
                .filter(bytes -> bytes.length > 0).findFirst();
    }

    /** How many mails from this sender were taken in since then. */
    long takenInSince(String from, Instant since) {
        Long n = jdbc.queryForObject("select count(*) from mail_message where from_address = ? and received_at >= ?",
                Long.class, from, Timestamp.from(since));
        return n == null ? 0 : n;
    }

    private ArchivedMail row(ResultSet rs) throws SQLException {
        String refs = rs.getString("thread_refs");
        return new ArchivedMail(rs.getString("id"), rs.getString("message_id"), rs.getString("from_address"),
                rs.getString("reply_to"), refs == null || refs.isBlank() ? List.of() : Arrays.asList(refs.split(" ")),
                rs.getString("subject"), rs.getTimestamp("received_at").toInstant(), rs.getLong("size_bytes"),
                read(rs.getString("attachments")), rs.getString("full_text"), rs.getBoolean("has_html"));
    }

    private String write(List<MailReader.Attachment> attachments) {
        try {
            return json.writeValueAsString(attachments);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an attachment list", e);
        }
    }

    private List<MailReader.Attachment> read(String attachments) {
        try {
            return json.readValue(attachments, ATTACHMENTS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read a stored attachment list", e);
        }
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
