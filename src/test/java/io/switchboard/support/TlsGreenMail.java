package io.switchboard.support;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.imap.ImapHandler;
import com.icegreen.greenmail.server.AbstractServer;
import com.icegreen.greenmail.server.ProtocolHandler;
import com.icegreen.greenmail.smtp.SmtpServer;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * GreenMail speaking SMTPS and IMAPS on loopback with a certificate of the test's own (GreenMail's
 * bundled one names no host, so no client that checks the server's identity would take it).
 */
public final class TlsGreenMail extends GreenMail {

    private static final ThreadLocal<SSLContext> CREATING = new ThreadLocal<>();

    private TlsGreenMail() {
        super(new ServerSetup[] {
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS),
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAPS)});
    }

    /** A started server presenting {@code certificate}. */
    public static TlsGreenMail start(TestCertificate certificate) {
        CREATING.set(certificate.serverContext());
        try {
            var server = new TlsGreenMail();
            server.start();
            return server;
        } finally {
            CREATING.remove();
        }
    }

    public int port(String protocol) {
        return services.get(protocol).getPort();
    }

    @Override
    protected Map<String, AbstractServer> createServices(ServerSetup[] setups, Managers managers) {
        SSLContext tls = CREATING.get();
        Map<String, AbstractServer> services = new HashMap<>();
        for (ServerSetup setup : setups) {
            if (setup.getProtocol().equals(ServerSetup.PROTOCOL_SMTPS)) {
                services.put(setup.getProtocol(), new SmtpServer(setup, managers) {
                    @Override
                    protected ServerSocket openServerSocket() throws IOException {
                        return tls.getServerSocketFactory().createServerSocket(setup.getPort(), 50, bindTo);
                    }
                });
            } else {
                services.put(setup.getProtocol(), new AbstractServer(setup, managers) {
                    @Override
                    protected ServerSocket openServerSocket() throws IOException {
                        return tls.getServerSocketFactory().createServerSocket(setup.getPort(), 50, bindTo);
                    }

                    @Override
                    protected ProtocolHandler createProtocolHandler(Socket client) {
                        return new ImapHandler(managers.getUserManager(), managers.getImapHostManager(), client);
                    }
                });
            }
        }
        return services;
    }
}
