package io.switchboard.responder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import dev.langchain4j.model.embedding.EmbeddingModel;
import io.switchboard.conversation.ConversationMemory;
import io.switchboard.conversation.CustomerTexts;
import io.switchboard.embedding.BgeSmallEmbeddingModel;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** The {@code switchboard.ai.*} keys bind as documented and pick the responder. */
class ResponderConfigurationTest {

    private static EmbeddingModel embeddingModel;

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(AiProperties.class)
    static class Properties {
    }

    @BeforeAll
    static void loadTheModelOnce() {
        embeddingModel = BgeSmallEmbeddingModel.instance();
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withUserConfiguration(Properties.class, ResponderConfiguration.class)
                .withBean(EmbeddingModel.class, () -> embeddingModel)
                .withBean(CustomerTexts.class, CustomerTexts::english);
    }

    @Test
    void withoutConfigurationTheEmbeddedResponderAnswersFromThePackagedSample() {
        runner().run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(Responder.class)).isInstanceOf(EmbeddedResponder.class);
            assertThat(context.getBean(KnowledgeBase.class).size()).isEqualTo(10);
            var properties = context.getBean(AiProperties.class);
            assertThat(properties.timeout()).isEqualTo(Duration.ofSeconds(10));
            assertThat(properties.thresholds()).isEqualTo(new AiProperties.Thresholds(0.70, 0.65, 0.80, 0.75, 0.62));
            assertThat(properties.circuitBreaker()).isEqualTo(new AiProperties.CircuitBreakerSettings(3, Duration.ofSeconds(30)));
            assertThat(properties.assistantLabel()).isEqualTo("Automated assistant:");
        });
    }

    @Test
    void ollamaIsAModelResponderOnItsOpenAiCompatibleEndpointAndTheKeyNeverShows() {
        runner().withBean(ConversationMemory.class, () -> mock(ConversationMemory.class))
                .withPropertyValues("switchboard.ai.provider=ollama", "switchboard.ai.api-key=sk-secret-123",
                        "switchboard.ai.timeout=5s", "switchboard.ai.circuit-breaker.failures=5",
                        "switchboard.ai.thresholds.answer=0.75",
                        "switchboard.ai.mask-patterns[0].label=customer-number",
                        "switchboard.ai.mask-patterns[0].regex=CU-\\d{6}")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(Responder.class)).isInstanceOf(ModelResponder.class);
                    var properties = context.getBean(AiProperties.class);
                    assertThat(properties.effectiveBaseUrl()).isEqualTo("http://localhost:11434/v1");
                    assertThat(properties.circuitBreaker().failures()).isEqualTo(5);
                    assertThat(properties.thresholds().answer()).isEqualTo(0.75);
                    assertThat(properties.thresholds().grounding()).isEqualTo(0.80);
                    assertThat(properties.toString()).doesNotContain("sk-secret-123");
                    assertThat(context.getBean(PersonalData.class).mask("I am CU-123456")).isEqualTo("I am [customer-number]");
                });
    }
}
