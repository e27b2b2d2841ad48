package io.switchboard.responder;

import dev.langchain4j.model.embedding.EmbeddingModel;
import io.switchboard.conversation.ConversationMemory;
import io.switchboard.conversation.CustomerTexts;
import io.switchboard.tools.OrderTools;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the responder that {@code switchboard.ai.provider} names: the embedded one (default, no
 * network) or the model one; both answer from the same knowledge base behind the same trust layer.
 */
@Configuration(proxyBeanMethods = false)
class ResponderConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ResponderConfiguration.class);

    @Bean
    KnowledgeBase knowledgeBase(AiProperties properties, EmbeddingModel embeddingModel) {
        return KnowledgeBase.load(properties.knowledgeDir(), embeddingModel);
    }

    @Bean
    PersonalData personalData(AiProperties properties) {
        return new PersonalData(properties.maskPatterns());
    }

    @Bean
    Clarifier clarifier(KnowledgeBase knowledge, PersonalData personalData, AiProperties properties) {
        return new Clarifier(knowledge, personalData, properties);
    }

    @Bean
    ActionReplies actionReplies(KnowledgeBase knowledge, PersonalData personalData, AiProperties properties,
                                CustomerTexts texts) {
        return new ActionReplies(knowledge, personalData, properties, texts);
    }

    @Bean
    Responder responder(AiProperties properties, KnowledgeBase knowledge, PersonalData personalData,
                        ObjectProvider<ConversationMemory> conversations, ObjectProvider<Clock> clock,
                        ObjectProvider<OrderTools> orders, CustomerTexts texts) {
        log.info("ai responder: provider={} model={} baseUrl={}", properties.provider(),
                properties.provider() == AiProperties.Provider.EMBEDDED ? "-" : properties.effectiveModel(),
                properties.provider() == AiProperties.Provider.EMBEDDED ? "-" : properties.effectiveBaseUrl());
        return switch (properties.provider()) {
            case EMBEDDED -> new EmbeddedResponder(knowledge, personalData, properties, orders.getIfAvailable(), texts);
            case OPENAI, OLLAMA -> new ModelResponder(properties, knowledge, personalData,
                    new ConversationChatMemoryStore(conversations.getObject()::find, personalData, properties.historyTurns()),
                    clock.getIfAvailable(Clock::systemUTC), orders.getIfAvailable(), texts);
        };
    }
}
