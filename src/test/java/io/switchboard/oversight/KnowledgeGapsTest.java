package io.switchboard.oversight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.model.embedding.EmbeddingModel;
import io.switchboard.conversation.Decision;
import io.switchboard.privacy.DataSubject;
import io.switchboard.responder.KnowledgeBase;
import io.switchboard.routing.RoutingDecision;
import io.switchboard.support.AgentApi;
import io.switchboard.support.Inbound;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * Questions the knowledge could not answer, grouped: paraphrases of one question land in one group
 * and other questions in others, what they hold is masked, and an article added to the knowledge marks
 * the group it answers (and only that one); the CSV export defuses what a spreadsheet would run.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class KnowledgeGapsTest {

    @LocalServerPort
    int port;

    @Autowired
    KnowledgeGaps gaps;

    @Autowired
    EmbeddingModel embeddings;

    @Autowired
    ProducerTemplate producer;

    @Autowired
    AuditData auditData;

    @Autowired
    JdbcTemplate jdbc;

    @TempDir
    Path knowledge;

    @Test
    void aHandoffForWantOfAGroundedAnswerKeepsTheQuestionAndOtherHandoffsDoNot() {
        String conversation = new Inbound(producer).record("email", "<" + UUID.randomUUID() + "@customer.example>",
                "gap-" + UUID.randomUUID() + "@customer.example", "Do you ship live plants to Iceland in winter?");
        gaps.afterHandoff(handoff(conversation, "asks-for-person"));
        gaps.afterHandoff(new RoutingDecision(conversation, RoutingDecision.HANDOFF, new Decision(Instant.now(),
                "human-queue", "default", "the order system failed: HTTP 503", Map.of("rule", "no-grounded-answer",
                "ai-tool", "order-status")), "shipping", null));
        assertThat(gaps.groups(false)).as("neither a person asked for nor a tool that could not tell")
                .noneMatch(g -> g.examples().contains("Do you ship live plants to Iceland in winter?"));
        gaps.afterHandoff(handoff(conversation, "no-grounded-answer"));
        assertThat(gaps.groups(false)).filteredOn(g -> g.examples().contains("Do you ship live plants to Iceland in winter?"))
                .extracting(KnowledgeGaps.Group::intent).containsExactly("shipping");
    }

    @Test
    void aGroupWhoseQuestionsWereAllErasedGoesCentreAndAll() {
        String conversation = "c-typewriter-" + UUID.randomUUID();
        gaps.record("Do you sell replacement ribbons for vintage typewriters?", null, KnowledgeGaps.HANDOFF, Set.of(),
                conversation);
        String group = gaps.groups(false).stream().filter(g -> g.examples().get(0).contains("typewriters"))
                .findFirst().orElseThrow().id();
        Integer before = jdbc.queryForObject("select count(*) from knowledge_gap_group where id = ?", Integer.class,
                group);
        assertThat(before).isEqualTo(1);

        assertThat(auditData.erase(new DataSubject("cust-typewriter", Set.of("cust-typewriter"), Set.of(),
                Set.of(conversation), Set.of(), Set.of()))).isEqualTo(1);

        assertThat(jdbc.queryForObject("select count(*) from knowledge_gap_group where id = ?", Integer.class, group))
                .as("no centre of questions nobody may keep").isZero();
        assertThat(gaps.groups(true)).noneMatch(g -> g.id().equals(group));
    }

    private static RoutingDecision handoff(String conversation, String rule) {
        return new RoutingDecision(conversation, RoutingDecision.HANDOFF, new Decision(Instant.now(), "human-queue",
                "default", "a person answers", Map.of("rule", rule)), "shipping", null);
    }

    @Test
    void similarQuestionsGroupTogetherAndANewArticleMarksWhatItAnswers() throws IOException {
        var stores = List.of("Do you have a shop in Berlin I can visit?", "Is there a store in Berlin where I can "
                + "see the products?", "Where is your Berlin showroom?");
        var invoices = List.of("Can I get an invoice with my company VAT number on it?", "I need a VAT invoice for "
                + "my business", "How do I add my company's tax id to the invoice?");
        for (int i = 0; i < 3; i++) {
            gaps.record(stores.get(i), "contact-hours", KnowledgeGaps.HANDOFF, Set.of(), "c-store-" + i);
            // answered from the payment article, graded wrong: that article does not count as answering them
            gaps.record(invoices.get(i), null, KnowledgeGaps.AUDIT, Set.of("payment-methods"), "c-invoice-" + i);
        }
        gaps.record("=HYPERLINK(\"http://evil.example\") my card is 4111 1111 1111 1111, why was it charged twice?",
                null, KnowledgeGaps.AUDIT, Set.of("payment-methods"), "c-card");

        var groups = gaps.groups(false);
        assertThat(groups).extracting(KnowledgeGaps.Group::size).startsWith(3, 3);
        assertThat(groups.get(0).examples()).allMatch(q -> stores.contains(q) || invoices.contains(q));
        var storeGroup = groups.stream().filter(g -> stores.contains(g.examples().get(0))).findFirst().orElseThrow();
        assertThat(storeGroup.examples()).containsExactlyInAnyOrderElementsOf(stores);
        assertThat(storeGroup.intent()).isEqualTo("contact-hours");
        var cardGroup = groups.stream().filter(g -> g.size() == 1).findFirst().orElseThrow();
        assertThat(cardGroup.examples().get(0)).doesNotContain("4111 1111 1111 1111").contains("****1111");

        // the knowledge as shipped answers none of them; with an article about the Berlin store, that group
        copyPackagedKnowledge();
        gaps.recheck(KnowledgeBase.load(knowledge.toString(), embeddings));
        assertThat(gaps.groups(false)).extracting(KnowledgeGaps.Group::id).as("nothing shipped answers them")
                .contains(storeGroup.id(), invoiceGroup(gaps.groups(false), invoices).id());
        Files.writeString(knowledge.resolve("berlin-store.md"), """
                ---
                id: berlin-store
                title: Our store in Berlin
                questions:
                  - Do you have a store in Berlin?
                  - Can I visit your shop in Berlin?
                  - Where is your Berlin showroom?
                ---
                Our showroom is at Torstrasse 1 in Berlin, open Monday to Saturday from 10:00 to 19:00. You can
                see and try every product there and pick up orders.
                """);
        assertThat(gaps.recheck(KnowledgeBase.load(knowledge.toString(), embeddings))).isPositive();
        assertThat(gaps.groups(false)).noneMatch(g -> g.id().equals(storeGroup.id()));
        assertThat(gaps.groups(false)).as("the invoice questions are still open")
                .contains(invoiceGroup(gaps.groups(false), invoices));
        assertThat(gaps.groups(true)).filteredOn(g -> g.id().equals(storeGroup.id()))
                .extracting(KnowledgeGaps.Group::answeredBy).containsExactly("berlin-store");

        var csv = AgentApi.asSupervisor(port).getAccepting("/api/v1/ai/knowledge-gaps.csv", "text/csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.body()).startsWith("group,size,intent,answered_by,examples").contains("VAT")
                .contains("\"'=HYPERLINK").doesNotContain("4111 1111 1111 1111");
        assertThat(AgentApi.asSupervisor(port).get("/api/v1/ai/knowledge-gaps").json().get(0).path("size").asInt())
                .isEqualTo(3);
    }

    private static KnowledgeGaps.Group invoiceGroup(List<KnowledgeGaps.Group> groups, List<String> invoices) {
        return groups.stream().filter(g -> invoices.contains(g.examples().get(0))).findFirst().orElseThrow();
    }

    private void copyPackagedKnowledge() throws IOException {
        for (var article : new PathMatchingResourcePatternResolver().getResources("classpath:knowledge/*.md")) {
            try (InputStream in = article.getInputStream()) {
                Files.copy(in, knowledge.resolve(article.getFilename()));
            }
        }
    }
}
