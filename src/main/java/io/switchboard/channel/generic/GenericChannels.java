package io.switchboard.channel.generic;

import io.switchboard.system.Loopback;
import io.switchboard.system.RateLimit;
import java.net.URI;
import java.time.Duration;
import io.switchboard.delivery.ChannelCapabilities;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The generic channels, by name: {@code switchboard.generic.channels.<name>.secret}, {@code .outbound-url}
 * and so on. The name is the channel's id everywhere (addresses {@code <name>:<user id>}, turns, the
 * inbox), so it is checked here: lower case, and none of the built-in channels'.
 *
 * @param channels the channels, by name
 */
@ConfigurationProperties("switchboard.generic")
public record GenericChannels(@DefaultValue Map<String, Channel> channels) implements ChannelCapabilities.Source {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{1,31}");
    private static final Set<String> TAKEN = Set.of("chat", "email", "sms", "voice", "generic", "whatsapp");

    public GenericChannels {
        channels = Map.copyOf(channels);
        channels.forEach(GenericChannels::check);
    }

    /** Each channel carries text up to its max-text-length, no attachments, and reports receipts. */
    @Override
    public Map<String, ChannelCapabilities> declared() {
        var declared = new TreeMap<String, ChannelCapabilities>();
        channels.forEach((name, channel) -> declared.put(name, new ChannelCapabilities(channel.maxTextLength(), false,
                ChannelCapabilities.WritesFirst.ANY_TIME, false, List.of("sent", "delivered", "failed"))));
        return declared;
    }

    Optional<Channel> find(String name) {
        return Optional.ofNullable(name).map(channels::get);
    }

    /**
     * One channel.
     *
     * @param secret        the HMAC key both ways (X-Switchboard-Signature over the timestamp and the body)
     * @param outboundUrl   where replies are posted (https, or http to this machine); none: inbound only
     * @param tolerance     how far a request's timestamp may be from now
     * @param maxTextLength longer inbound text is refused (400), longer replies are refused for good
     * @param timeout       how long a reply's POST may take
     * @param perSender     messages one user of the platform may send (more are answered 429 with
     *                      Retry-After): a platform that floods or a bot loop stops there
     */
    public record Channel(String secret, URI outboundUrl, @DefaultValue("5m") Duration tolerance,
                          @DefaultValue("4096") int maxTextLength, @DefaultValue("10s") Duration timeout,
                          @DefaultValue("30/1m") RateLimit perSender) {
    }

    private static void check(String name, Channel channel) {
        String prefix = "switchboard.generic.channels." + name;
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(prefix + ": a channel's name is 2 to 32 lower-case letters, digits "
                    + "or '-', starting with a letter");
        }
        if (TAKEN.contains(name)) {
            throw new IllegalArgumentException(prefix + ": '" + name + "' is a built-in channel's name");
        }
        if (channel.secret() == null || channel.secret().length() < 32) {
            throw new IllegalArgumentException(prefix + ".secret must be at least 32 characters");
        }
        if (channel.maxTextLength() < 1) {
            throw new IllegalArgumentException(prefix + ".max-text-length must be positive");
        }
        URI url = channel.outboundUrl();
        if (url != null && !"https".equals(url.getScheme())
                && !("http".equals(url.getScheme()) && Loopback.is(url.getHost()))) {
            throw new IllegalArgumentException(prefix + ".outbound-url must be https (http only to this machine)");
        }
    }
}
