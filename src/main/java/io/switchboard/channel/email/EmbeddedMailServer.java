package io.switchboard.channel.email;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.imap.ImapHandler;
import com.icegreen.greenmail.server.AbstractServer;
import com.icegreen.greenmail.server.ProtocolHandler;
import com.icegreen.greenmail.smtp.SmtpServer;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.net.Socket;
import java.net.SocketException;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The in-process SMTP and IMAP server of the default run (GreenMail), so the e-mail channel works
 * out of the box over the real protocols. It listens where the connectors are told to connect and
 * has one mailbox, the support address; mail sent to anyone else stays in a local mailbox of theirs
 * (nothing is relayed). Mail lives in memory only. Port 0 takes a free port and publishes it as the
 * connectors' port, as Spring Boot does for {@code server.port=0}.
 */
final class EmbeddedMailServer {

    static final String PROPERTY_SOURCE = "switchboard-embedded-mail-server";
    private static final Logger log = LoggerFactory.getLogger(EmbeddedMailServer.class);

    private final PromptGreenMail server;
    private final EmailProperties properties;
    private final ConfigurableEnvironment environment;

    EmbeddedMailServer(EmailProperties properties, ConfigurableEnvironment environment) {
        this.properties = properties;
        this.environment = environment;
        this.server = new PromptGreenMail(new ServerSetup[] {
                new ServerSetup(properties.smtp().port(), properties.smtp().host(), ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(properties.imap().port(), properties.imap().host(), ServerSetup.PROTOCOL_IMAP)});
    }

    void start() {
        server.start();
        server.setUser(properties.address(), properties.imap().username(), properties.imap().password());
        if (properties.smtp().username() != null && !properties.smtp().username().equals(properties.imap().username())) {
            server.setUser(properties.address(), properties.smtp().username(), properties.smtp().password());
        }
        // the ports taken, and the mailbox's login where none was set (the connectors and tests read them)
        Map<String, Object> published = new HashMap<>(Map.of("switchboard.email.smtp.port", smtpPort(),
                "switchboard.email.imap.port", imapPort(), "switchboard.email.imap.username", properties.imap().username()));
        if (properties.imap().password() != null) {
            published.put("switchboard.email.imap.password", properties.imap().password());
        }
        environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE, published));
        log.warn("EMBEDDED MAIL SERVER for development: SMTP {}:{}, IMAP {}:{}, mailbox {}; mail is kept in memory "
                + "only. Production profiles point at a real server.", properties.smtp().host(), smtpPort(),
                properties.imap().host(), imapPort(), properties.address());
    }

    void stop() {
        server.stop();
        environment.getPropertySources().remove(PROPERTY_SOURCE);
    }

    int smtpPort() {
        return server.port(ServerSetup.PROTOCOL_SMTP);
    }

    int imapPort() {
        return server.port(ServerSetup.PROTOCOL_IMAP);
    }

    /**
     * GreenMail flushes every response line on its own; without TCP_NODELAY each IMAP command with
     * more than one line then waits for the client's delayed ACK (about 40 ms), several per mail.
     */
    private static final class PromptGreenMail extends GreenMail {

        PromptGreenMail(ServerSetup[] setups) {
            super(setups);
        }

        int port(String protocol) {
            return services.get(protocol).getPort();
        }

        @Override
        protected Map<String, AbstractServer> createServices(ServerSetup[] setups, Managers managers) {
            Map<String, AbstractServer> services = new HashMap<>();
            for (ServerSetup setup : setups) {
                if (setup.getProtocol().equals(ServerSetup.PROTOCOL_SMTP)) {
                    services.put(setup.getProtocol(), new SmtpServer(setup, managers) {
                        @Override
                        protected ProtocolHandler createProtocolHandler(Socket client) {
                            return super.createProtocolHandler(prompt(client));
                        }
                    });
                } else if (setup.getProtocol().equals(ServerSetup.PROTOCOL_IMAP)) {
                    services.put(setup.getProtocol(), new AbstractServer(setup, managers) {
                        @Override
                        protected ProtocolHandler createProtocolHandler(Socket client) {
                            return new ImapHandler(managers.getUserManager(), managers.getImapHostManager(), prompt(client));
                        }
                    });
                }
            }
            return services;
        }

        private static Socket prompt(Socket client) {
            try {
                client.setTcpNoDelay(true);
            } catch (SocketException e) {
                throw new IllegalStateException("cannot set TCP_NODELAY on a mail client's socket", e);
            }
            return client;
        }
    }
}
