package io.switchboard.oversight;

import io.switchboard.privacy.DataSubject;
import io.switchboard.privacy.PersonalDataHolder;
import io.switchboard.privacy.RetainedData;
import io.switchboard.privacy.SubjectArchive;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The audit list and the knowledge gaps in exports, erasures and retention. An audit holds no text of
 * the conversation, but it points at one and a reviewer's note may speak of the customer: an erasure
 * drops the note and the pointer and keeps the grade (a fact of the AI's accuracy); audits go after the
 * audit-events window. A knowledge gap is the customer's question, masked: erased with them, and gone
 * after the message-text window.
 */
@Component
class AuditData implements PersonalDataHolder {

    private final AiAudits audits;
    private final KnowledgeGaps gaps;
    private final NamedParameterJdbcTemplate jdbc;

    AuditData(AiAudits audits, KnowledgeGaps gaps, NamedParameterJdbcTemplate jdbc) {
        this.audits = audits;
        this.gaps = gaps;
        this.jdbc = jdbc;
    }

    @Override
    public String kind() {
        return "ai-audits";
    }

    @Override
    public void export(DataSubject subject, SubjectArchive archive) {
        archive.json("ai-audits.json", audits.ofConversations(subject.conversationIds()));
        archive.json("knowledge-gaps.json", subject.conversationIds().isEmpty() ? List.of() : jdbc.queryForList("""
                select question, intent, source, at from knowledge_gap where conversation_id in (:conversations)
                order by at""", Map.of("conversations", subject.conversationIds())));
    }

    @Override
    public long erase(DataSubject subject) {
        if (subject.conversationIds().isEmpty()) {
            return 0;
        }
        // the audit's own id takes the conversation's place: unique, and pointing at nobody
        int erased = jdbc.update("""
                update ai_audit set conversation_id = id, turn_seq = 0, note = null
                where conversation_id in (:conversations)""", Map.of("conversations", subject.conversationIds()))
                + jdbc.update("delete from knowledge_gap where conversation_id in (:conversations)",
                        Map.of("conversations", subject.conversationIds()));
        gaps.dropEmptyGroups();
        return erased;
    }

    /**
     * A knowledge gap is a customer's question (masked): it goes with the message-text window, and a group
     * left without questions goes with its last one.
     */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    static RetainedData knowledgeGapsPastRetention(NamedParameterJdbcTemplate jdbc, KnowledgeGaps gaps) {
        return RetainedData.of("message-text", "knowledge-gaps", (cutoff, heldCustomers, batch) -> {
            int purged = jdbc.update("""
                    delete from knowledge_gap where id in (
                        select g.id from knowledge_gap g
                        where g.at < :cutoff and not exists (
                            select 1 from conversation c where c.id = g.conversation_id and c.customer_id in (:held))
                        fetch first :batch rows only)""",
                    Map.of("cutoff", Timestamp.from(cutoff), "batch", batch, "held", RetainedData.inList(heldCustomers)));
            if (purged > 0) {
                gaps.dropEmptyGroups();
            }
            return purged;
        });
    }

    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    static RetainedData auditsPastRetention(NamedParameterJdbcTemplate jdbc) {
        return RetainedData.of("audit-events", "ai-audits", (cutoff, heldCustomers, batch) -> jdbc.update("""
                delete from ai_audit where id in (
                    select a.id from ai_audit a
                    where a.answered_at < :cutoff and not exists (
                        select 1 from conversation c where c.id = a.conversation_id and c.customer_id in (:held))
                    fetch first :batch rows only)""",
                Map.of("cutoff", Timestamp.from(cutoff), "batch", batch, "held", RetainedData.inList(heldCustomers))));
    }
}
