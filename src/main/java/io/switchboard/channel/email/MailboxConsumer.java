package io.switchboard.channel.email;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.search.FlagTerm;
import jakarta.mail.search.HeaderTerm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one IMAP folder on a thread of its own: connects, takes every mail not flagged deleted in
 * batches, runs each through the route, files it away, then waits for new mail with IDLE where the
 * server offers it (re-issued every minute, as RFC 2177 asks, and two seconds after a pass that took
 * mail in) or for the poll interval. A lost
 * connection is opened again after 1 s, doubling to at most a minute.
 *
 * <p>After its route a mail moves to the quarantine folder when the route set the
 * {@link EmailIntake#QUARANTINE} header; it is removed when the route found it recorded already
 * ({@link Exchange#DUPLICATE_MESSAGE}) and the processed folder holds a mail of its Message-ID (a second
 * delivery); otherwise it moves to the processed folder. A mail whose
 * route failed stays where it is and is tried again after the poll interval; the mails after it are
 * taken in meanwhile, unless three fail in a row. Moving uses {@code MOVE}
 * (RFC 6851) where the server offers it, else a copy, the {@code \Deleted} flag and {@code UID EXPUNGE}
 * of exactly that mail (UIDPLUS, RFC 4315); a server with neither keeps the flagged mail until a
 * client expunges it (mail flagged deleted is never read again). A plain {@code EXPUNGE}, which would
 * also purge what a person sharing the mailbox had marked deleted, is never sent.
 *
 * <p>The processed and quarantine folders are created, and subscribed so that mail clients show them,
 * when missing; a name such as {@code \Archive} or {@code \Junk} means the folder the server marks with
 * that special use (RFC 6154).
 */
final class MailboxConsumer extends DefaultConsumer {

    private static final Logger log = LoggerFactory.getLogger(MailboxConsumer.class);
    /**
     * An IDLE is ended and sent again this often: servers and NATs drop connections silent for longer,
     * and a mail that arrived between the last search and the IDLE (which some servers, the embedded one
     * among them, do not announce in it) waits at most this long.
     */
    static final Duration IDLE_RENEWAL = Duration.ofMinutes(1);
    /**
     * After a pass that took mail in, the next IDLE ends this soon and the folder is searched once more:
     * mail comes in bursts, and one that arrived between that pass's last search and the IDLE waits this
     * long instead of {@link #IDLE_RENEWAL} (seen with the embedded server: the mail after a quarantined
     * one, sent a moment later, waited a minute).
     */
    static final Duration AFTER_MAIL = Duration.ofSeconds(2);

    /** What a pass over the folder came to. */
    private enum Pass { NOTHING, TOOK_MAIL, FAILED }
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration LAST_BACKOFF = Duration.ofMinutes(1);
    private static final int MAX_FAILURES_IN_A_ROW = 3;

    private final MailboxComponent.MailboxEndpoint endpoint;
    private final Object pause = new Object();
    private volatile boolean running;
    private volatile IMAPFolder open;
    private Thread reader;
    private ScheduledExecutorService waker;
    private boolean warnedNoMove;

    MailboxConsumer(MailboxComponent.MailboxEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        running = true;
        waker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "mailbox-waker"));
        reader = daemon(this::run, "mailbox-" + endpoint.getFolder());
        reader.start();
    }

    @Override
    protected void doStop() throws Exception {
        running = false;
        synchronized (pause) {
            pause.notifyAll();
        }
        wake();
        if (reader != null) {
            reader.join(10_000);
            if (reader.isAlive()) {
                reader.interrupt();
            }
        }
        if (waker != null) {
            waker.shutdownNow();
        }
        super.doStop();
    }

    private void run() {
        Duration backoff = FIRST_BACKOFF;
        while (running) {
            Store store = null;
            try {
                store = connect(endpoint);
                IMAPFolder folder = (IMAPFolder) store.getFolder(endpoint.getFolder());
                Folder processed = ensure(store, endpoint.getProcessedFolder());
                Folder quarantine = ensure(store, endpoint.getQuarantineFolder());
                folder.open(Folder.READ_WRITE);
                open = folder;
                boolean idle = endpoint.isIdle() && ((IMAPStore) store).hasCapability("IDLE");
                log.info("mailbox {} open on {}:{}: {}", endpoint.getFolder(), endpoint.host(), endpoint.port(),
                        idle ? "waiting for new mail with IDLE" : "polling every " + endpoint.getPollInterval() + " ms");
                backoff = FIRST_BACKOFF;
                while (running) {
                    Pass pass = takeIn(folder, (IMAPStore) store, processed, quarantine);
                    if (!running) {
                        break;
                    }
                    if (idle) {
                        idle(folder, switch (pass) {
                            case FAILED -> Duration.ofMillis(endpoint.getPollInterval());
                            case TOOK_MAIL -> AFTER_MAIL;
                            case NOTHING -> IDLE_RENEWAL;
                        });
                    } else {
                        pause(Duration.ofMillis(endpoint.getPollInterval()));
                    }
                }
            } catch (Exception e) {
                if (running) {
                    log.warn("mailbox {} on {}:{}: {}; connecting again in {} s", endpoint.getFolder(), endpoint.host(),
                            endpoint.port(), describe(e), backoff.toSeconds());
                    pause(backoff);
                    backoff = backoff.multipliedBy(2).compareTo(LAST_BACKOFF) > 0 ? LAST_BACKOFF : backoff.multipliedBy(2);
                }
            } finally {
                open = null;
                close(store);
            }
        }
    }

    /** A connection to the endpoint's server, logged in; the caller closes it. */
    static Store connect(MailboxComponent.MailboxEndpoint endpoint) throws MessagingException {
        String protocol = endpoint.isSsl() ? "imaps" : "imap";
        var properties = new Properties();
        String prefix = "mail." + protocol + ".";
        properties.put("mail.store.protocol", protocol);
        properties.put(prefix + "ssl.enable", Boolean.toString(endpoint.isSsl()));
        // read the mail without setting \Seen: one the route fails on stays unread for the people sharing the mailbox
        properties.put(prefix + "peek", "true");
        properties.put(prefix + "connectiontimeout", "30000");
        properties.put(prefix + "writetimeout", "30000");
        // a read waits at most through one IDLE and half a minute more: a server that does not answer the
        // DONE that ends an IDLE (seen with the embedded one under a burst of mail) costs a reconnect after
        // that, not the next mail's arrival
        properties.put(prefix + "timeout", Long.toString(IDLE_RENEWAL.plusSeconds(30).toMillis()));
        endpoint.getLogin().configure(properties, protocol);
        Store store = Session.getInstance(properties).getStore(protocol);
        var login = endpoint.getLogin().getPasswordAuthentication();
        store.connect(endpoint.host(), endpoint.port(), login.getUserName(), login.getPassword());
        return store;
    }

    /**
     * Takes in what the folder holds, batch after batch; says whether it took mail in or a mail's route
     * failed. Each batch's mail is filed away together once its routes are done (one MOVE per
     * destination): a gateway stopped in between leaves recorded mail in the folder, which the next pass
     * finds recorded and files away then.
     */
    private Pass takeIn(IMAPFolder folder, IMAPStore store, Folder processed, Folder quarantine)
            throws MessagingException {
        boolean took = false;
        while (running) {
            Message[] waiting = folder.search(new FlagTerm(new Flags(Flags.Flag.DELETED), false));
            if (waiting.length == 0) {
                return took ? Pass.TOOK_MAIL : Pass.NOTHING;
            }
            took = true;
            var toProcessed = new ArrayList<Message>();
            var toQuarantine = new ArrayList<Message>();
            var toRemove = new ArrayList<Message>();
            var filedNow = new HashSet<String>();
            boolean failed = false;
            int failedInARow = 0;
            for (Message mail : Arrays.copyOf(waiting, Math.min(waiting.length, endpoint.getBatchSize()))) {
                if (!running) {
                    break;
                }
                Exchange exchange = createExchange(false);
                try {
                    exchange.getIn().setBody(mail);
                    getProcessor().process(exchange);
                    if (exchange.getException() != null) {
                        throw exchange.getException();
                    }
                    failedInARow = 0;
                    if (exchange.getMessage().getHeader(EmailIntake.QUARANTINE) != null) {
                        toQuarantine.add(mail);
                    } else if (exchange.getProperty(Exchange.DUPLICATE_MESSAGE, false, Boolean.class)
                            && (filedNow.contains(messageId(mail)) || filed(processed, mail))) {
                        toRemove.add(mail);
                    } else {
                        toProcessed.add(mail);
                        if (!messageId(mail).isEmpty()) {
                            filedNow.add(messageId(mail));
                        }
                    }
                } catch (Exception e) {
                    log.warn("a mail of {} was not taken in ({}); it stays there and is tried again in {} ms",
                            endpoint.getFolder(), describe(e), endpoint.getPollInterval());
                    failed = true;
                    // one mail that fails holds up no other; several in a row mean the gateway is failing
                    // (its database away): the rest waits for the next pass
                    if (++failedInARow == MAX_FAILURES_IN_A_ROW) {
                        break;
                    }
                } finally {
                    releaseExchange(exchange, false);
                }
            }
            boolean expunged = move(folder, store, toProcessed, processed);
            expunged |= move(folder, store, toQuarantine, quarantine);
            expunged |= remove(folder, store, toRemove);
            if (expunged) {
                // Jakarta Mail's message numbers can be off after a UID EXPUNGE (a later SEARCH's hits
                // were then not found): the folder is selected again, which reads them afresh
                folder.close(false);
                folder.open(Folder.READ_WRITE);
            }
            if (failed || !running) {
                return failed ? Pass.FAILED : Pass.TOOK_MAIL;
            }
        }
        return took ? Pass.TOOK_MAIL : Pass.NOTHING;
    }

    /**
     * Whether a copy of the mail (by Message-ID) is in the processed folder already: then a mail the
     * pipeline found recorded is a second delivery, and goes; otherwise it is the one copy, recorded
     * just before the gateway stopped and before it was moved, and it moves now.
     */
    private static boolean filed(Folder processed, Message mail) throws MessagingException {
        String id = messageId(mail);
        if (id.isEmpty()) {
            return false;
        }
        processed.open(Folder.READ_ONLY);
        try {
            return processed.search(new HeaderTerm("Message-ID", id)).length > 0;
        } finally {
            processed.close(false);
        }
    }

    /** The mail's Message-ID as written, or empty. */
    private static String messageId(Message mail) throws MessagingException {
        String[] ids = mail.getHeader("Message-ID");
        return ids == null || ids.length == 0 ? "" : ids[0].strip();
    }

    /** Moves the mails; true when that took a UID EXPUNGE. */
    private boolean move(IMAPFolder folder, IMAPStore store, List<Message> mails, Folder to) throws MessagingException {
        if (mails.isEmpty()) {
            return false;
        }
        Message[] all = mails.toArray(Message[]::new);
        if (store.hasCapability("MOVE")) {
            folder.moveMessages(all, to);
            return false;
        }
        folder.copyMessages(all, to);
        return remove(folder, store, mails);
    }

    /** Flags the mails deleted and expunges exactly them where the server can; true when it did. */
    private boolean remove(IMAPFolder folder, IMAPStore store, List<Message> mails) throws MessagingException {
        if (mails.isEmpty()) {
            return false;
        }
        Message[] all = mails.toArray(Message[]::new);
        folder.setFlags(all, new Flags(Flags.Flag.DELETED), true);
        if (store.hasCapability("UIDPLUS")) {
            folder.expunge(all);
            return true;
        }
        if (!warnedNoMove) {
            warnedNoMove = true;
            log.warn("the mail server offers neither MOVE nor UIDPLUS: mail taken in stays in {} flagged \\Deleted "
                    + "until a mail client expunges it (the gateway never expunges other people's deletions)",
                    endpoint.getFolder());
        }
        return false;
    }

    /** The folder named, created and subscribed when missing; {@code \Archive}: the one the server marks so. */
    static Folder ensure(Store store, String name) throws MessagingException {
        if (name.startsWith("\\")) {
            for (Folder candidate : store.getDefaultFolder().list("*")) {
                if (candidate instanceof IMAPFolder imap
                        && Arrays.stream(imap.getAttributes()).anyMatch(name::equalsIgnoreCase)) {
                    return candidate;
                }
            }
            throw new MessagingException("no folder on the server has the special use " + name);
        }
        Folder folder = store.getFolder(name);
        if (!folder.exists()) {
            if (!folder.create(Folder.HOLDS_MESSAGES)) {
                throw new MessagingException("the server refused to create the folder " + name);
            }
            log.info("created the folder {}", name);
        }
        if (!folder.isSubscribed()) {
            folder.setSubscribed(true);
        }
        return folder;
    }

    /** Waits in IDLE until the server reports a change, or {@code atMost}. */
    private void idle(IMAPFolder folder, Duration atMost) throws MessagingException {
        var wake = waker.schedule(this::wake, atMost.toMillis(), TimeUnit.MILLISECONDS);
        try {
            folder.idle(true);
        } finally {
            wake.cancel(false);
        }
    }

    /**
     * Ends an IDLE in progress: a command on the folder's connection from another thread makes Jakarta
     * Mail send DONE first (a command that needs the connection: a cached count would not).
     */
    private void wake() {
        IMAPFolder folder = open;
        if (folder != null) {
            try {
                folder.doCommand(protocol -> null);
            } catch (MessagingException | IllegalStateException e) {
                // the connection is gone; the reader notices it itself
            }
        }
    }

    private void pause(Duration duration) {
        synchronized (pause) {
            try {
                if (running) {
                    pause.wait(Math.max(1, duration.toMillis()));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }

    private static void close(Store store) {
        if (store != null) {
            try {
                store.close();
            } catch (MessagingException e) {
                // already gone
            }
        }
    }

    /** A failure in words fit for a log: its kind and the server's or the gateway's words, never a mail's. */
    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getClass().getName().startsWith("io.switchboard.")
                || root instanceof MessagingException ? root.getMessage() : null;
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
