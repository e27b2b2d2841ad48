package io.switchboard.channel.chat;

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

    ChatConfiguration(ChatSocketHandler handler, ChatProperties properties) {
        this.handler = handler;
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
