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
 * threading; the row goes once no conversation holds its turn any more, after
 * {@code closed-conversations} (quarantined mails, which never made a turn, too).
 */
@Configuration(proxyBeanMethods = false)
class MailRetention {

    private static final byte[] NOTHING = new byte[0];

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 20)
    RetainedData mailsOfClosedConversations(NamedParameterJdbcTemplate jdbc) {
        return new RetainedData() {
            @Override
            public String retention() {
                return "closed-conversations";
            }

            @Override
            public String items() {
                return "mails";
            }

            @Override
            public int purge(Instant cutoff, Set<String> heldCustomers, int batch) {
                return jdbc.update("""
                        delete from mail_message where id in (
                            select m.id from mail_message m
                            where m.received_at < :cutoff and not exists (
                                select 1 from turn t where t.provider_message_id = m.message_id and t.channel = 'email')
                            fetch first :batch rows only)""",
                        Map.of("cutoff", Timestamp.from(cutoff), "batch", batch));
            }
        };
    }

    @Bean
    RetainedData mailOriginals(NamedParameterJdbcTemplate jdbc, Clock clock) {
        return new RetainedData() {
            @Override
            public String retention() {
                return "mail-originals";
            }

            @Override
            public int purge(Instant cutoff, Set<String> heldCustomers, int batch) {
                return jdbc.update("""
                        update mail_message set original = :nothing, sanitized_html = null, full_text = null,
                                                original_removed_at = :now
                        where id in (
                            select m.id from mail_message m
                            where m.original_removed_at is null and m.received_at < :cutoff and not exists (
                                select 1 from turn t join conversation c on c.id = t.conversation_id
                                where t.provider_message_id = m.message_id and t.channel = 'email'
                                  and c.customer_id in (:held))
                            fetch first :batch rows only)""",
                        Map.of("nothing", NOTHING, "now", Timestamp.from(clock.instant()),
                                "cutoff", Timestamp.from(cutoff), "batch", batch,
                                "held", heldCustomers.isEmpty() ? Set.of("") : heldCustomers));
            }
        };
    }
}
