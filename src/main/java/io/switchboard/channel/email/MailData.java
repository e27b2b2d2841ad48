package io.switchboard.channel.email;

import io.switchboard.privacy.DataSubject;
import io.switchboard.privacy.PersonalDataHolder;
import io.switchboard.privacy.SubjectArchive;
import jakarta.mail.Address;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.search.FromStringTerm;
import jakarta.mail.search.OrTerm;
import jakarta.mail.search.RecipientStringTerm;
import jakarta.mail.search.SearchTerm;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The customer's mail: the archived originals with their attachments (those of their turns, and any
 * other mail from their addresses, quarantined ones included), and the copies on the mail server in
 * the folders the gateway reads and files into. An erasure deletes both; on the server it expunges
 * exactly the mails it flagged (UIDPLUS), never other people's deletions.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 40)
class MailData implements PersonalDataHolder {

    private static final Logger log = LoggerFactory.getLogger(MailData.class);

    private final MailArchive archive;
    private final NamedParameterJdbcTemplate jdbc;
    private final CamelContext camel;

    MailData(MailArchive archive, NamedParameterJdbcTemplate jdbc, CamelContext camel) {
        this.archive = archive;
        this.jdbc = jdbc;
        this.camel = camel;
    }

    @Override
    public String kind() {
        return "mail";
    }

    @Override
    public void export(DataSubject subject, SubjectArchive zip) {
        for (String id : archivedIds(subject)) {
            archive.find(id).ifPresent(mail -> zip.json("mail/" + id + ".json", mail));
            archive.original(id).ifPresent(bytes -> zip.file("mail/" + id + ".eml", bytes));
        }
    }

    @Override
    public long erase(DataSubject subject) {
        long removed = 0;
        for (String id : archivedIds(subject)) {
            removed += jdbc.update("delete from mail_message where id = :id", Map.of("id", id));
        }
        Set<String> addresses = lowerCase(subject.addressesOn("email"));
        if (!addresses.isEmpty()) {
            for (var mailbox : camel.getEndpoints()) {
                if (mailbox instanceof MailboxComponent.MailboxEndpoint endpoint) {
                    removed += eraseOnServer(endpoint, addresses);
                }
            }
        }
        return removed;
    }

    private List<String> archivedIds(DataSubject subject) {
        Set<String> from = lowerCase(subject.addressesOn("email"));
        if (subject.messageIds().isEmpty() && from.isEmpty()) {
            return List.of();
        }
        var params = new MapSqlParameterSource()
                .addValue("ids", subject.messageIds().isEmpty() ? Set.of("") : subject.messageIds())
                .addValue("from", from.isEmpty() ? Set.of("") : from);
        return jdbc.queryForList("""
                select id from mail_message where id in (:ids) or from_address in (:from)
                order by received_at""", params, String.class);
    }

    /** Deletes from the endpoint's folders every mail from or to one of the addresses; how many it deleted. */
    private long eraseOnServer(MailboxComponent.MailboxEndpoint endpoint, Set<String> addresses) {
        try (Store store = MailboxConsumer.connect(endpoint)) {
            long removed = 0;
            for (String name : new LinkedHashSet<>(List.of(endpoint.getFolder(), endpoint.getProcessedFolder(),
                    endpoint.getQuarantineFolder()))) {
                removed += eraseIn(MailboxConsumer.ensure(store, name), (IMAPStore) store, addresses);
            }
            return removed;
        } catch (MessagingException e) {
            throw new IllegalStateException("could not erase the customer's mail on the mail server: " + e.getMessage(), e);
        }
    }

    private long eraseIn(Folder folder, IMAPStore store, Set<String> addresses) throws MessagingException {
        folder.open(Folder.READ_WRITE);
        try {
            var terms = new ArrayList<SearchTerm>();
            for (String address : addresses) {
                terms.add(new FromStringTerm(address));
                terms.add(new RecipientStringTerm(Message.RecipientType.TO, address));
                terms.add(new RecipientStringTerm(Message.RecipientType.CC, address));
            }
            // the server matches substrings ("al@x" in "sal@x"): only mails naming the address itself go
            var theirs = new ArrayList<Message>();
            for (Message mail : folder.search(new OrTerm(terms.toArray(SearchTerm[]::new)))) {
                if (names(mail, addresses)) {
                    theirs.add(mail);
                }
            }
            if (theirs.isEmpty()) {
                return 0;
            }
            Message[] all = theirs.toArray(Message[]::new);
            folder.setFlags(all, new Flags(Flags.Flag.DELETED), true);
            if (!store.hasCapability("UIDPLUS")) {
                log.warn("the mail server offers no UIDPLUS: {} erased mails stay in {} flagged \\Deleted until a mail "
                        + "client expunges the folder", all.length, folder.getFullName());
                return all.length;
            }
            ((IMAPFolder) folder).expunge(all);
            return all.length;
        } finally {
            folder.close(false);
        }
    }

    private static boolean names(Message mail, Set<String> addresses) throws MessagingException {
        var named = new ArrayList<Address>();
        for (Address[] some : new Address[][] {mail.getFrom(), mail.getReplyTo(),
                mail.getRecipients(Message.RecipientType.TO), mail.getRecipients(Message.RecipientType.CC)}) {
            if (some != null) {
                named.addAll(List.of(some));
            }
        }
        return named.stream().anyMatch(a -> a instanceof InternetAddress internet && internet.getAddress() != null
                && addresses.contains(internet.getAddress().toLowerCase(Locale.ROOT)));
    }

    private static Set<String> lowerCase(Set<String> values) {
        var lower = new LinkedHashSet<String>();
        values.forEach(v -> lower.add(v.toLowerCase(Locale.ROOT)));
        return lower;
    }
}
