package io.switchboard.channel.email;

import io.switchboard.privacy.RetainedData;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The archived mails' lifetimes: a mail's original, HTML and full text (and with the original its
 * attachments) are dropped after {@code switchboard.privacy.retention.mail-originals}, its row kept for
 * threading; with {@code message-text} its subject and attachment list go too; the row goes once no
 * conversation holds its turn any more, after {@code closed-conversations} (quarantined mails, which
 * never made a turn, too).
 */
@Configuration(proxyBeanMethods = false)
class MailRetention {

    private static final byte[] NOTHING = new byte[0];

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 20)
    RetainedData mailsOfClosedConversations(NamedParameterJdbcTemplate jdbc) {
        return RetainedData.of("closed-conversations", "mails", (cutoff, heldCustomers, batch) ->
                jdbc.update("""
                        delete from mail_message where id in (
                            select m.id from mail_message m
                            where m.received_at < :cutoff and not exists (
                                select 1 from turn t where t.provider_message_id = m.message_id and t.channel = 'email')
                            fetch first :batch rows only)""",
                        Map.of("cutoff", Timestamp.from(cutoff), "batch", batch)));
    }

    @Bean
    RetainedData mailOriginals(NamedParameterJdbcTemplate jdbc, Clock clock) {
        return RetainedData.of("mail-originals", "mail-originals", (cutoff, heldCustomers, batch) ->
                strip(jdbc, clock, "", cutoff, heldCustomers, batch));
    }

    /**
     * What a mail said, with the message-text window: besides the original, HTML and full text, its
     * subject and attachment list; the row keeps the sender and what threading needs.
     */
    @Bean
    RetainedData mailTexts(NamedParameterJdbcTemplate jdbc, Clock clock) {
        return RetainedData.of("message-text", "mail-texts", (cutoff, heldCustomers, batch) ->
                strip(jdbc, clock, ", subject = null, attachments = '[]'", cutoff, heldCustomers, batch));
    }

    /** Drops what the mails received before the cutoff (none of a held customer's) still hold. */
    private static int strip(NamedParameterJdbcTemplate jdbc, Clock clock, String alsoSet, Instant cutoff,
                             Set<String> heldCustomers, int batch) {
        String stillHeld = alsoSet.isEmpty() ? "m.original_removed_at is null"
                : "(m.original_removed_at is null or m.subject is not null or m.attachments <> '[]')";
        return jdbc.update("""
                update mail_message set original = :nothing, sanitized_html = null, full_text = null,
                                        original_removed_at = coalesce(original_removed_at, :now)%s
                where id in (
                    select m.id from mail_message m
                    where %s and m.received_at < :cutoff and not exists (
                        select 1 from turn t join conversation c on c.id = t.conversation_id
                        where t.provider_message_id = m.message_id and t.channel = 'email'
                          and c.customer_id in (:held))
                    fetch first :batch rows only)""".formatted(alsoSet, stillHeld),
                Map.of("nothing", NOTHING, "now", Timestamp.from(clock.instant()),
                        "cutoff", Timestamp.from(cutoff), "batch", batch,
                        "held", RetainedData.inList(heldCustomers)));
    }
}
