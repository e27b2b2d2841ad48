package io.switchboard.oversight;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.store.embedding.CosineSimilarity;
import io.switchboard.conversation.Author;
import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.ConversationMemory;
import io.switchboard.responder.AiProperties;
import io.switchboard.responder.KnowledgeBase;
import io.switchboard.responder.PersonalData;
import io.switchboard.routing.RoutingDecision;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.camel.Body;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The questions the knowledge could not answer, for the people who write it: every handoff because the
 * AI had no grounded answer, and every answer a reviewer graded incomplete or wrong. Each is kept
 * masked (the trust layer's masking) and joins the group whose centre is closest to it in the gateway's
 * embedding model (cosine, as the knowledge search measures), when close enough ({@code switchboard.ai.audit.gap-similarity}), else starts one.
 * When the gateway starts with new or changed articles (and when asked), each open group is tried
 * against the knowledge: a group whose questions an article not cited before now answers is marked
 * answered by it.
 */
@Component("knowledgeGaps")
public class KnowledgeGaps {

    static final String HANDOFF = "handoff";
    static final String AUDIT = "audit";
    private static final String NO_GROUNDED_ANSWER = "no-grounded-answer";
    private static final Logger log = LoggerFactory.getLogger(KnowledgeGaps.class);
    private static final int EXAMPLES = 3;
    /** The kv_entry row that says which knowledge the groups were last tried against. */
    private static final String CHECKED = "knowledge-gap-checks";

    /**
     * A group of similar questions.
     *
     * @param size       how many questions it holds
     * @param intent     the intent most of them were classified as
     * @param examples   the newest questions, masked
     * @param answeredBy the article that now answers them, once one does
     */
    public record Group(String id, int size, String intent, List<String> examples, Instant firstAt, Instant lastAt,
                        String answeredBy, Instant answeredAt) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final ConversationMemory memory;
    private final EmbeddingModel embeddings;
    private final PersonalData personalData;
    private final ObjectProvider<KnowledgeBase> knowledge;
    private final AiProperties ai;
    private final AuditProperties properties;
    private final IMap<String, String> locks;
    private final Clock clock;

    KnowledgeGaps(NamedParameterJdbcTemplate jdbc, ConversationMemory memory, EmbeddingModel embeddings,
                  PersonalData personalData, ObjectProvider<KnowledgeBase> knowledge, AiProperties ai,
                  AuditProperties properties, HazelcastInstance hazelcast, Clock clock) {
        this.jdbc = jdbc;
        this.memory = memory;
        this.embeddings = embeddings;
        this.personalData = personalData;
        this.knowledge = knowledge;
        this.ai = ai;
        this.properties = properties;
        this.locks = hazelcast.getMap("knowledge-gap-locks");
        this.clock = clock;
    }

    /**
     * Route step of a handoff: one because the AI had no grounded answer keeps the customer's question
     * (not one because a tool could not tell, as about an order: the knowledge lacks nothing there).
     */
    public RoutingDecision afterHandoff(@Body RoutingDecision routing) {
        if (routing.decision() != null && NO_GROUNDED_ANSWER.equals(routing.decision().detail().get("rule"))
                && !routing.decision().detail().containsKey("ai-tool")) {
            memory.find(routing.conversationId()).flatMap(Conversation::lastCustomerTurn).ifPresent(question ->
                    record(question.text(), routing.intent(), HANDOFF, Set.of(), routing.conversationId()));
        }
        return routing;
    }

    /** A graded answer: incomplete or wrong keeps its question, with the articles that did not answer it. */
    void afterGrade(AiAudits.Audit audit, AiAudits.Grade grade) {
        if (grade != AiAudits.Grade.INCOMPLETE && grade != AiAudits.Grade.WRONG) {
            return;
        }
        memory.history(audit.conversationId(), audit.turnSeq(), 10).stream()
                .filter(t -> t.author() == Author.CUSTOMER).findFirst()
                .ifPresent(question -> record(question.text(), AiAudits.NO_INTENT.equals(audit.intent()) ? null
                        : audit.intent(), AUDIT, audit.citations().stream().map(c -> c.articleId())
                        .collect(Collectors.toSet()), audit.conversationId()));
    }

    /** Keeps a question, masked, in the group it is closest to (or a new one). */
    void record(String text, String intent, String source, Set<String> cited, String conversationId) {
        if (text == null || text.isBlank()) {
            return;
        }
        String question = personalData.mask(text.strip());
        if (question.length() > 2000) {
            question = question.substring(0, 1999) + "…";
        }
        float[] vector = embeddings.embed(question).content().vector();
        Instant now = clock.instant();
        locks.lock("groups");
        try {
            String group = closest(vector).orElse(null);
            if (group == null) {
                group = UUID.randomUUID().toString();
                jdbc.update("""
                        insert into knowledge_gap_group (id, centroid, first_at, last_at)
                        values (:id, :centroid, :at, :at)""",
                        Map.of("id", group, "centroid", write(vector), "at", Timestamp.from(now)));
            } else {
                float[] centre = centroid(group);
                int size = size(group);
                for (int i = 0; i < centre.length; i++) {
                    centre[i] = (centre[i] * size + vector[i]) / (size + 1);
                }
                jdbc.update("update knowledge_gap_group set centroid = :centroid, last_at = :at where id = :id",
                        Map.of("id", group, "centroid", write(centre), "at", Timestamp.from(now)));
            }
            jdbc.update("""
                    insert into knowledge_gap (id, group_id, question, intent, source, cited, conversation_id, at)
                    values (:id, :group, :question, :intent, :source, :cited, :conversation, :at)""",
                    new MapSqlParameterSource("id", UUID.randomUUID().toString()).addValue("group", group)
                            .addValue("question", question).addValue("intent", intent).addValue("source", source)
                            .addValue("cited", String.join(",", cited)).addValue("conversation", conversationId)
                            .addValue("at", Timestamp.from(now)));
        } finally {
            locks.unlock("groups");
        }
    }

    /** The groups, largest first: open ones, or all. */
    public List<Group> groups(boolean withAnswered) {
        record Row(String id, Instant firstAt, Instant lastAt, String answeredBy, Instant answeredAt, String question,
                   String intent) {
        }
        // one query: each group with its questions, newest first (a group without any has none to show)
        var byGroup = new LinkedHashMap<String, List<Row>>();
        jdbc.query("""
                select g.id, g.first_at, g.last_at, g.answered_by, g.answered_at, k.question, k.intent
                from knowledge_gap_group g join knowledge_gap k on k.group_id = g.id"""
                        + (withAnswered ? "" : " where g.answered_at is null") + " order by g.id, k.at desc",
                Map.of(), (rs, i) -> new Row(rs.getString("id"), rs.getTimestamp("first_at").toInstant(),
                        rs.getTimestamp("last_at").toInstant(), rs.getString("answered_by"),
                        rs.getTimestamp("answered_at") == null ? null : rs.getTimestamp("answered_at").toInstant(),
                        rs.getString("question"), rs.getString("intent")))
                .forEach(row -> byGroup.computeIfAbsent(row.id(), id -> new ArrayList<>()).add(row));
        var groups = new ArrayList<Group>();
        byGroup.forEach((id, rows) -> {
            Row group = rows.get(0);
            String intent = rows.stream().map(Row::intent).filter(Objects::nonNull)
                    .collect(Collectors.groupingBy(i -> i, Collectors.counting())).entrySet().stream()
                    .max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
            groups.add(new Group(id, rows.size(), intent, rows.stream().limit(EXAMPLES).map(Row::question).toList(),
                    group.firstAt(), group.lastAt(), group.answeredBy(), group.answeredAt()));
        });
        groups.sort(Comparator.comparingInt(Group::size).reversed().thenComparing(Group::lastAt,
                Comparator.reverseOrder()));
        return groups;
    }

    /**
     * Groups left without questions (all erased, or past retention) go, centre and all; under the lock
     * {@link #record} takes, so a group just started for its first question is never taken for one.
     */
    int dropEmptyGroups() {
        locks.lock("groups");
        try {
            return jdbc.update("""
                    delete from knowledge_gap_group where not exists (
                        select 1 from knowledge_gap k where k.group_id = knowledge_gap_group.id)""", Map.of());
        } finally {
            locks.unlock("groups");
        }
    }

    /**
     * Tries every open group against the knowledge as it is now: a group most of whose questions an
     * article answers (above the answer threshold) that none of them cited before is answered by it.
     * Runs when the gateway starts (new articles come with a start) and when asked. Returns how many
     * groups it marked.
     */
    public int recheck() {
        KnowledgeBase base = knowledge.getIfAvailable();
        return base == null ? 0 : recheck(base);
    }

    /**
     * At start, only when the knowledge differs from the one the groups were last tried against (an
     * article added or changed since): otherwise every start of every member would search the knowledge
     * for every open question again, for nothing.
     */
    @EventListener(ApplicationReadyEvent.class)
    void recheckNewKnowledge() {
        KnowledgeBase base = knowledge.getIfAvailable();
        if (base == null) {
            return;
        }
        String version = Integer.toString(base.version());
        var checked = jdbc.queryForList("select entry_value from kv_entry where map_name = :map and entry_key = 'knowledge'",
                Map.of("map", CHECKED), String.class);
        if (checked.contains(version)) {
            return;
        }
        recheck(base);
        var row = Map.<String, Object>of("map", CHECKED, "version", version, "at", Timestamp.from(clock.instant()));
        if (jdbc.update("update kv_entry set entry_value = :version, updated_at = :at "
                + "where map_name = :map and entry_key = 'knowledge'", row) == 0) {
            try {
                jdbc.update("insert into kv_entry (map_name, entry_key, updated_at, entry_value) "
                        + "values (:map, 'knowledge', :at, :version)", row);
            } catch (DuplicateKeyException another) {
                // another member recorded it first
            }
        }
    }

    /** The same against a given knowledge base. */
    int recheck(KnowledgeBase base) {
        int marked = 0;
        for (String group : jdbc.queryForList("select id from knowledge_gap_group where answered_at is null",
                Map.of(), String.class)) {
            List<Map<String, Object>> gaps = jdbc.queryForList(
                    "select question, cited from knowledge_gap where group_id = :g", Map.of("g", group));
            Set<String> cited = new HashSet<>();
            gaps.forEach(g -> Arrays.stream(((String) g.get("cited")).split(",")).filter(c -> !c.isBlank())
                    .forEach(cited::add));
            var votes = gaps.stream().map(g -> base.search((String) g.get("question"), 1, ai.thresholds().answer()))
                    .filter(found -> !found.isEmpty() && !cited.contains(found.get(0).articleId()))
                    .collect(Collectors.groupingBy(found -> found.get(0).articleId(), Collectors.counting()));
            var best = votes.entrySet().stream().max(Map.Entry.comparingByValue());
            if (best.isPresent() && best.get().getValue() * 2 > gaps.size()) {
                jdbc.update("""
                        update knowledge_gap_group set answered_by = :article, answered_at = :at
                        where id = :id and answered_at is null""",
                        Map.of("article", best.get().getKey(), "at", Timestamp.from(clock.instant()), "id", group));
                log.info("knowledge gap {} ({} questions) is now answered by article {}", group, gaps.size(),
                        best.get().getKey());
                marked++;
            }
        }
        return marked;
    }

    private Optional<String> closest(float[] vector) {
        String best = null;
        double bestScore = properties.gapSimilarity();
        for (Map<String, Object> row : jdbc.queryForList(
                "select id, centroid from knowledge_gap_group where answered_at is null", Map.of())) {
            double score = CosineSimilarity.between(Embedding.from(vector),
                    Embedding.from(read((String) row.get("centroid"))));
            if (score >= bestScore) {
                best = (String) row.get("id");
                bestScore = score;
            }
        }
        return Optional.ofNullable(best);
    }

    private float[] centroid(String group) {
        return read(jdbc.queryForObject("select centroid from knowledge_gap_group where id = :id", Map.of("id", group),
                String.class));
    }

    private int size(String group) {
        Integer n = jdbc.queryForObject("select count(*) from knowledge_gap where group_id = :g", Map.of("g", group),
                Integer.class);
        return n == null ? 0 : n;
    }

    /** A vector as text: the numbers, comma-separated (portable across H2 and PostgreSQL). */
    private static String write(float[] v) {
        var out = new StringBuilder(v.length * 10);
        for (int i = 0; i < v.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(v[i]);
        }
        return out.toString();
    }

    private static float[] read(String text) {
        String[] parts = text.split(",");
        float[] v = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            v[i] = Float.parseFloat(parts[i]);
        }
        return v;
    }
}
