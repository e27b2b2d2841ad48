package io.switchboard.system;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Whether a host is this machine, where nothing sent to it crosses a network. */
public final class Loopback {

    private Loopback() {
    }

    /** True for a loopback name or address ({@code localhost}, {@code 127.0.0.1}, {@code ::1}); false for anything else or unknown. */
    public static boolean is(String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        try {
            return InetAddress.getByName(host.strip()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
