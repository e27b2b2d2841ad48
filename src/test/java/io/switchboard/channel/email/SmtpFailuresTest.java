package io.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.Test;

/**
 * Which SMTP answers refuse a reply for good, as Jakarta Mail reports them (the SMTP exchanges
 * themselves run in EmailConformanceTest against a stand-in server).
 */
class SmtpFailuresTest {

    static final Address[] NONE = new Address[0];

    @Test
    void aRecipientRefusedWithA5xxIsARefusalWithoutTheAddressInTheReason() throws Exception {
        var refused = new SendFailedException("Invalid Addresses", rcpt(550));
        assertThat(SmtpFailures.refusal(refused)).contains("the mail server refused the recipient: SMTP 550");
    }

    @Test
    void aRecipientDeferredWithA4xxIsTemporary() throws Exception {
        assertThat(SmtpFailures.refusal(new SendFailedException("Invalid Addresses", rcpt(451)))).isEmpty();
    }

    @Test
    void aMessageRefusedAfterItsDataIsARefusal() {
        var spam = new SMTPSendFailedException(".", 554, "554 5.7.1 spam", null, NONE, NONE, NONE);
        assertThat(SmtpFailures.refusal(new MessagingException("send failed", spam)))
                .contains("the mail server refused the message: SMTP 554");
    }

    @Test
    void ourOwnSenderRefusedOrNoConnectionIsTemporary() {
        var sender = new SMTPSendFailedException("MAIL FROM:<support@example.com>", 550, "550 relay denied", null,
                NONE, NONE, NONE);
        assertThat(SmtpFailures.refusal(sender)).isEmpty();
        assertThat(SmtpFailures.refusal(new MessagingException("could not connect", new java.net.ConnectException())))
                .isEmpty();
    }

    private static SMTPAddressFailedException rcpt(int code) throws Exception {
        return new SMTPAddressFailedException(new InternetAddress("alice@customer.example"),
                "RCPT TO:<alice@customer.example>", code, code + " mailbox alice@customer.example");
    }
}
