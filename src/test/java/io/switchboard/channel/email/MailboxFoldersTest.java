package io.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.junit.jupiter.api.Test;

/**
 * Folders named by their special use (RFC 6154), which GreenMail does not offer: the server's LIST
 * attributes as Jakarta Mail reports them, stood in for by mocks.
 */
class MailboxFoldersTest {

    @Test
    void aSpecialUseNameMeansTheFolderTheServerMarksSo() throws MessagingException {
        Store store = mock(Store.class);
        Folder root = mock(Folder.class);
        IMAPFolder inbox = folder("INBOX");
        IMAPFolder archive = folder("Archive", "\\HasNoChildren", "\\Archive");
        IMAPFolder junk = folder("Spam", "\\Junk");
        when(store.getDefaultFolder()).thenReturn(root);
        when(root.list("*")).thenReturn(new Folder[] {inbox, archive, junk});

        assertThat(MailboxConsumer.ensure(store, "\\Archive")).isSameAs(archive);
        assertThat(MailboxConsumer.ensure(store, "\\junk")).isSameAs(junk);
        assertThatThrownBy(() -> MailboxConsumer.ensure(store, "\\Trash"))
                .hasMessage("no folder on the server has the special use \\Trash");
        verify(archive, never()).create(Folder.HOLDS_MESSAGES);
    }

    @Test
    void aFolderThatIsMissingIsCreatedAndSubscribedAndAnUnsubscribedOneIsSubscribed() throws MessagingException {
        Store store = mock(Store.class);
        IMAPFolder missing = folder("Processed");
        when(missing.exists()).thenReturn(false);
        when(missing.create(Folder.HOLDS_MESSAGES)).thenReturn(true);
        IMAPFolder unsubscribed = folder("Quarantine");
        when(unsubscribed.exists()).thenReturn(true);
        when(store.getFolder("Processed")).thenReturn(missing);
        when(store.getFolder("Quarantine")).thenReturn(unsubscribed);

        MailboxConsumer.ensure(store, "Processed");
        MailboxConsumer.ensure(store, "Quarantine");
        verify(missing).create(Folder.HOLDS_MESSAGES);
        verify(missing).setSubscribed(true);
        verify(unsubscribed, never()).create(Folder.HOLDS_MESSAGES);
        verify(unsubscribed).setSubscribed(true);
    }

    private static IMAPFolder folder(String name, String... attributes) throws MessagingException {
        IMAPFolder folder = mock(IMAPFolder.class);
        when(folder.getFullName()).thenReturn(name);
        when(folder.getAttributes()).thenReturn(attributes);
        return folder;
    }
}
