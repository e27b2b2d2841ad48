package io.switchboard.channel.email;

import io.switchboard.envelope.DeliveryRefusedException;
import jakarta.mail.MessagingException;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.springframework.stereotype.Component;

/**
 * Turns what the SMTP server answered a failed send into the sink contract: a 5xx reply to the
 * recipient ({@code RCPT TO}: no such mailbox) or to the message itself (after {@code DATA}: refused as
 * spam, too large) is a refusal the outbox does not retry; a 4xx reply (greylisting, a full mailbox,
 * "try again later"), a connection or login failure, and a 5xx to our own sender address (our
 * configuration, which an operator can fix, so the reply goes out then) are temporary. The server's
 * text is left out: it often quotes the address.
 */
@Component
public class SmtpFailures {

    /** Called where the sink caught the send's failure: throws the refusal, or the failure as it was. */
    public void translate(Exchange exchange) throws Exception {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        Optional<String> refusal = refusal(failure);
        if (refusal.isPresent()) {
            throw new DeliveryRefusedException(refusal.get(), failure);
        }
        throw failure;
    }

    /** Why the message is refused for good, when a reply in {@code failure} says so. */
    static Optional<String> refusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = next(t)) {
            if (t instanceof SMTPAddressFailedException address && permanent(address.getReturnCode())) {
                return Optional.of("the mail server refused the recipient: SMTP " + address.getReturnCode());
            }
            // the answer to the end of the message's data: the server read the mail and refused it
            if (t instanceof SMTPSendFailedException sent && permanent(sent.getReturnCode())
                    && sent.getCommand() != null && sent.getCommand().strip().equals(".")) {
                return Optional.of("the mail server refused the message: SMTP " + sent.getReturnCode());
            }
        }
        return Optional.empty();
    }

    private static boolean permanent(int code) {
        return code >= 500 && code < 600;
    }

    /** Jakarta Mail chains the per-recipient answers as next exceptions, not causes. */
    private static Throwable next(Throwable t) {
        if (t instanceof MessagingException m && m.getNextException() != null && m.getNextException() != t) {
            return m.getNextException();
        }
        return t.getCause() == t ? null : t.getCause();
    }
}
