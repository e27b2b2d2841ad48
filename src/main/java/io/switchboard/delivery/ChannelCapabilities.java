package io.switchboard.delivery;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What a channel can carry, as its connector declares it (configuration
 * {@code switchboard.channels.capabilities.<channel>}, or a {@link ChannelCapabilities.Source} bean for
 * channels a connector makes up from its own settings). The composer offers what fits, the reply
 * route passes over a channel the text does not fit on, and the outbox refuses before the provider
 * would.
 *
 * @param maxTextLength the longest text one reply may have on the channel, in characters; 0: no limit
 *                      of the channel's own. A channel with a {@link MessageSplitter} sends a longer
 *                      text as several messages, so the limit does not stop it there
 * @param attachments   whether messages carry attachments (kept as references)
 * @param writesFirst   whether and when the business may write to a customer who did not just write
 * @param templates     whether the channel sends approved templates (rich content the provider
 *                      checked beforehand), as WhatsApp must outside its window
 * @param receipts      what the provider reports about a sent message ({@code sent}, {@code delivered},
 *                      {@code failed})
 */
public record ChannelCapabilities(@DefaultValue("0") int maxTextLength, @DefaultValue("false") boolean attachments,
                                  @DefaultValue("any-time") WritesFirst writesFirst,
                                  @DefaultValue("false") boolean templates, @DefaultValue List<String> receipts) {

    /** What a channel nobody declared is taken to carry: text of any length, nothing more. */
    public static final ChannelCapabilities UNDECLARED =
            new ChannelCapabilities(0, false, WritesFirst.ANY_TIME, false, List.of());

    public ChannelCapabilities {
        if (maxTextLength < 0) {
            throw new IllegalArgumentException("max-text-length must be 0 (no limit) or positive");
        }
        writesFirst = writesFirst == null ? WritesFirst.ANY_TIME : writesFirst;
        receipts = receipts == null ? List.of() : List.copyOf(receipts);
    }

    /** When the business may write first. */
    public enum WritesFirst {
        /** Whenever it likes (a chat visitor who left reads it when they come back). */
        ANY_TIME,
        /** Free text only within a window after the customer's last message, else an approved template. */
        TEMPLATE_OUTSIDE_WINDOW,
        /** Only while the customer is connected (on a call). */
        DURING_CALL;

        /** As configuration writes it: {@code any-time}, {@code template-outside-window}, {@code during-call}. */
        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** A connector that declares channels' capabilities from its own settings (the generic channels). */
    public interface Source {

        /** The channels it declares, with what each carries. */
        Map<String, ChannelCapabilities> declared();
    }
}
