package io.switchboard.channel.chat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.conversation.ConversationMemory;
import io.switchboard.customer.CustomerDirectory;
import java.time.Clock;
import org.apache.camel.ProducerTemplate;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

/** Mounts the chat page at {@code /chat/} and its socket at {@code /chat/ws}. */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class ChatConfiguration implements WebSocketConfigurer, WebMvcConfigurer {

    private final ChatSocketHandler handler;
    private final ChatProperties properties;

    ChatConfiguration(VisitorTokens tokens, ChatSessions sessions, CustomerDirectory customers,
                      ConversationMemory memory, ProducerTemplate producer, ObjectMapper json,
                      ChatProperties properties, ChatLimits limits, Clock clock) {
        this.handler = new ChatSocketHandler(tokens, sessions, customers, memory, producer, json, properties, limits,
                clock);
        this.properties = properties;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        var registration = registry.addHandler(handler, "/chat/ws");
        if (!properties.allowedOrigins().isEmpty()) {
            registration.setAllowedOriginPatterns(properties.allowedOrigins().toArray(String[]::new));
        }
    }

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addViewController("/chat/").setViewName("forward:/chat/index.html");
        registry.addRedirectViewController("/chat", "/chat/");
    }
}
