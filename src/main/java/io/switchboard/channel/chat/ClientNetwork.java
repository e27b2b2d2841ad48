package io.switchboard.channel.chat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The network a chat client connects from, as limits count it: an IPv4 address, or the /64 an IPv6
 * address belongs to (one subscriber usually holds a whole /64). The address as the server sees it:
 * behind a trusted proxy, the client's own ({@code server.forward-headers-strategy=native}).
 *
 * @param key    what buckets are keyed by
 * @param masked what a log line may show
 */
record ClientNetwork(String key, String masked) {

    static final ClientNetwork UNKNOWN = new ClientNetwork("unknown", "an unknown network");

    static ClientNetwork of(InetSocketAddress remote) {
        if (remote == null || remote.getAddress() == null) {
            return UNKNOWN;
        }
        InetAddress address = remote.getAddress();
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address) {
            String prefix = HexFormat.of().formatHex(Arrays.copyOf(bytes, 8));
            return new ClientNetwork("v6:" + prefix, "network " + prefix.substring(0, 8) + "…/64");
        }
        String ip = address.getHostAddress();
        return new ClientNetwork("v4:" + ip, "network " + ip.substring(0, ip.lastIndexOf('.')) + ".x");
    }
}
