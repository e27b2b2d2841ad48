package io.switchboard.channel.chat;

import io.switchboard.system.RateLimit;
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
 * @param limits          flood limits per visitor and per client network
 * @param outboundTopic   the cluster-wide Hazelcast topic replies are published on (the chat-sink
 *                        Kamelet's topic) and every instance's sessions listen on
 */
@ConfigurationProperties("switchboard.chat")
public record ChatProperties(
        @DefaultValue("16KB") DataSize maxMessageSize,
        String tokenSecret,
        @DefaultValue List<String> allowedOrigins,
        @DefaultValue("50") int historyTurns,
        @DefaultValue Limits limits,
        @DefaultValue("switchboard-chat-outbound") String outboundTopic) {

    /**
     * What one visitor and one client network (an IPv4 address, an IPv6 /64) may do. Buckets are
     * shared by every instance; open sockets are counted per instance.
     *
     * @param messagesPerVisitor messages one visitor may send
     * @param messagesPerNetwork messages all visitors of one network may send together
     * @param newVisitorsPerNetwork new anonymous visitors one network may start
     * @param claimsPerNetwork   addresses one network may claim (each may send a one-time code)
     * @param socketsPerNetwork  sockets one network may hold open on one instance
     */
    public record Limits(
            @DefaultValue("20/1m") RateLimit messagesPerVisitor,
            @DefaultValue("120/1m") RateLimit messagesPerNetwork,
            @DefaultValue("30/1h") RateLimit newVisitorsPerNetwork,
            @DefaultValue("10/1h") RateLimit claimsPerNetwork,
            @DefaultValue("20") int socketsPerNetwork) {

        public Limits {
            if (socketsPerNetwork < 1) {
                throw new IllegalArgumentException("switchboard.chat.limits.sockets-per-network must be at least 1");
            }
        }
    }
}
