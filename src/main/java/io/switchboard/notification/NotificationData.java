package io.switchboard.notification;

import io.switchboard.privacy.DataSubject;
import io.switchboard.privacy.PersonalDataHolder;
import io.switchboard.privacy.RetainedData;
import io.switchboard.privacy.SubjectArchive;
import java.sql.Timestamp;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Notifications in exports and erasures (each holds an address and its text), and their lifetime.
 */
@Component
class NotificationData implements PersonalDataHolder {

    private final NotificationRows rows;
    private final NamedParameterJdbcTemplate jdbc;

    NotificationData(NotificationRows rows, NamedParameterJdbcTemplate jdbc) {
        this.rows = rows;
        this.jdbc = jdbc;
    }

    @Override
    public String kind() {
        return "notifications";
    }

    @Override
    public void export(DataSubject subject, SubjectArchive archive) {
        archive.json("notifications.json", rows.ofCustomers(subject.customerIds()));
    }

    @Override
    public long erase(DataSubject subject) {
        return rows.deleteOfCustomers(subject.customerIds()) + jdbc.update("""
                delete from notification_batch_item where customer_id in (:ids) or address in (:addresses)""",
                Map.of("ids", subject.customerIds(),
                        "addresses", subject.addresses().isEmpty() ? Set.of("") : subject.addresses()));
    }

    /**
     * Finished notifications go after {@code closed-conversations} and after {@code message-text},
     * whichever ends first (each holds the text sent, a turn's text too), and with them the items of
     * batches finished that long ago.
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 30)
    static RetainedData notificationsOfClosedConversations(NamedParameterJdbcTemplate jdbc) {
        return finished(jdbc, "closed-conversations");
    }

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 30)
    static RetainedData notificationTexts(NamedParameterJdbcTemplate jdbc) {
        return finished(jdbc, "message-text");
    }

    private static RetainedData finished(NamedParameterJdbcTemplate jdbc, String window) {
        return RetainedData.of(window, "notifications", (cutoff, heldCustomers, batch) -> {
            int items = jdbc.update("""
                    delete from notification_batch_item where batch_id in (
                        select id from notification_batch where finished_at < :cutoff)""",
                    Map.of("cutoff", Timestamp.from(cutoff)));
            jdbc.update("delete from notification_batch where finished_at < :cutoff",
                    Map.of("cutoff", Timestamp.from(cutoff)));
            return items + jdbc.update("""
                    delete from notification where id in (
                        select id from notification
                        where state <> 'scheduled' and updated_at < :cutoff and customer_id not in (:held)
                        fetch first :batch rows only)""",
                    Map.of("cutoff", Timestamp.from(cutoff), "batch", batch,
                            "held", RetainedData.inList(heldCustomers)));
        });
    }
}
