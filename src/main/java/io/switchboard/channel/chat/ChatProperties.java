package io.switchboard.channel.chat;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Web chat settings.
 *
 * @param maxMessageSize  largest chat message a visitor may send; larger ones are refused with an
 *                        error frame and the connection stays open
 * @param tokenSecret     key that signs visitor tokens; when empty, one is generated and shared
 *                        through the database
 * @param allowedOrigins  origins whose pages may open the chat socket (the widget embedded on the
 *                        company's site); empty: this gateway's own pages only
 * @param historyTurns    turns shown to a returning visitor
 */
@ConfigurationProperties("switchboard.chat")
public record ChatProperties(
        @DefaultValue("16KB") DataSize maxMessageSize,
        String tokenSecret,
        @DefaultValue List<String> allowedOrigins,
        @DefaultValue("50") int historyTurns) {
}
