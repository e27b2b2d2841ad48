package io.switchboard.channel.email;

import java.util.Map;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.util.TimeUtils;

/**
 * {@code mailbox:host:port?login=#bean:emailImapLogin&...}: takes mail in from an IMAP folder, one
 * mail per exchange (body: the {@link jakarta.mail.Message}), and files each away once its route
 * is done with it. Camel's own {@code imap:} consumer polls, and files mail away by copying it, flagging
 * it {@code \Deleted} and closing the folder with a plain {@code EXPUNGE}, which also purges every mail
 * a person working the same mailbox had only marked deleted; this one waits with IMAP IDLE where the
 * server offers it and moves exactly its own mail ({@code MOVE}, else {@code UID EXPUNGE}). See
 * {@link MailboxConsumer} for what happens to a mail after its route.
 */
public class MailboxComponent extends DefaultComponent {

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        int colon = remaining.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("mailbox: needs host:port, got " + remaining);
        }
        var endpoint = new MailboxEndpoint(uri, this, remaining.substring(0, colon),
                Integer.parseInt(remaining.substring(colon + 1)));
        setProperties(endpoint, parameters);
        if (endpoint.getLogin() == null) {
            throw new IllegalArgumentException("mailbox: needs login=#bean:<a MailLogin>");
        }
        return endpoint;
    }

    /** One mailbox folder on one server; options as the {@code email-source} connector documents them. */
    public static class MailboxEndpoint extends DefaultEndpoint {

        private final String host;
        private final int port;
        private MailLogin login;
        private boolean ssl = true;
        private String folder = "INBOX";
        private String processedFolder = "Processed";
        private String quarantineFolder = "Quarantine";
        private long pollInterval = 5000;
        private int batchSize = 50;
        private boolean idle = true;

        MailboxEndpoint(String uri, MailboxComponent component, String host, int port) {
            super(uri, component);
            this.host = host;
            this.port = port;
        }

        @Override
        public Consumer createConsumer(Processor processor) throws Exception {
            var consumer = new MailboxConsumer(this, processor);
            configureConsumer(consumer);
            return consumer;
        }

        @Override
        public Producer createProducer() {
            throw new UnsupportedOperationException("mailbox: only takes mail in; send through smtp:");
        }

        String host() {
            return host;
        }

        int port() {
            return port;
        }

        public MailLogin getLogin() {
            return login;
        }

        public void setLogin(MailLogin login) {
            this.login = login;
        }

        public boolean isSsl() {
            return ssl;
        }

        public void setSsl(boolean ssl) {
            this.ssl = ssl;
        }

        public String getFolder() {
            return folder;
        }

        public void setFolder(String folder) {
            this.folder = folder;
        }

        public String getProcessedFolder() {
            return processedFolder;
        }

        public void setProcessedFolder(String processedFolder) {
            this.processedFolder = processedFolder;
        }

        public String getQuarantineFolder() {
            return quarantineFolder;
        }

        public void setQuarantineFolder(String quarantineFolder) {
            this.quarantineFolder = quarantineFolder;
        }

        public long getPollInterval() {
            return pollInterval;
        }

        /** Milliseconds, or a duration such as {@code 5s} or {@code 1m}. */
        public void setPollInterval(String pollInterval) {
            this.pollInterval = TimeUtils.toMilliSeconds(pollInterval);
            if (this.pollInterval <= 0) {
                throw new IllegalArgumentException("mailbox: pollInterval must be positive");
            }
        }

        public int getBatchSize() {
            return batchSize;
        }

        public void setBatchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("mailbox: batchSize must be at least 1");
            }
            this.batchSize = batchSize;
        }

        public boolean isIdle() {
            return idle;
        }

        public void setIdle(boolean idle) {
            this.idle = idle;
        }
    }
}
