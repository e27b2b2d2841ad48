package io.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** MIME as senders really write it, read with Jakarta Mail. */
class MailReaderTest {

    private final MailReader reader = new MailReader();

    @Test
    void multipartAlternativePrefersThePlainTextAndKeepsTheHtmlAndTheAttachmentsInOrder() throws Exception {
        byte[] pdf = "%PDF-1.4 not really".getBytes(StandardCharsets.US_ASCII);
        byte[] raw = bytes("""
                From: =?UTF-8?B?SsO8cmdlbiBNw7xsbGVy?= <Juergen@Example.COM>
                To: support@switchboard.local
                Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe_aus_K=C3=B6ln?=
                Message-ID: <m1@example.com>
                In-Reply-To: <ours-1@switchboard.local>
                References: <a@example.com>
                 <ours-1@switchboard.local>
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary="outer"

                --outer
                Content-Type: multipart/alternative; boundary="inner"

                --inner
                Content-Type: text/plain; charset=ISO-8859-1
                Content-Transfer-Encoding: quoted-printable

                Gr=FC=DFe, the invoice is attached.
                --inner
                Content-Type: text/html; charset=UTF-8

                <p>Grüße, the <b>invoice</b> is attached.</p>
                --inner--
                --outer
                Content-Type: application/pdf; name="=?UTF-8?Q?Rechnung_M=C3=A4rz.pdf?="
                Content-Disposition: attachment; filename="=?UTF-8?Q?Rechnung_M=C3=A4rz.pdf?="
                Content-Transfer-Encoding: base64

                """ + Base64.getMimeEncoder().encodeToString(pdf) + """

                --outer--
                """);
        var mail = reader.read(raw);
        assertThat(mail.from()).isEqualTo("Juergen@Example.COM");
        assertThat(mail.fromName()).isEqualTo("Jürgen Müller");
        assertThat(mail.subject()).isEqualTo("Grüße aus Köln");
        assertThat(mail.messageId()).isEqualTo("<m1@example.com>");
        assertThat(mail.inReplyTo()).isEqualTo("<ours-1@switchboard.local>");
        assertThat(mail.references()).containsExactly("<a@example.com>", "<ours-1@switchboard.local>");
        assertThat(mail.text()).isEqualTo("Grüße, the invoice is attached.");
        assertThat(mail.html()).contains("<b>invoice</b>");
        assertThat(mail.attachments()).containsExactly(
                new MailReader.Attachment(0, "Rechnung März.pdf", "application/pdf", pdf.length));
        assertThat(mail.automated()).isNull();

        assertThat(reader.attachment(raw, 0).orElseThrow().bytes()).isEqualTo(pdf);
    }

    @Test
    void anAttachmentIsFoundAgainByItsPosition() throws Exception {
        byte[] image = {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, 3};
        byte[] raw = bytes("""
                From: a@example.com
                Subject: two files
                Content-Type: multipart/mixed; boundary="b"

                --b
                Content-Type: text/plain

                see attached
                --b
                Content-Type: text/csv; name="orders.csv"
                Content-Disposition: attachment; filename="../../etc/orders.csv"

                id,total
                1,9.99
                --b
                Content-Type: image/png
                Content-Disposition: inline; filename="photo.png"
                Content-Transfer-Encoding: base64

                """ + Base64.getEncoder().encodeToString(image) + """

                --b--
                """);
        var mail = reader.read(raw);
        assertThat(mail.attachments()).extracting(MailReader.Attachment::name).containsExactly("orders.csv", "photo.png");
        var photo = reader.attachment(raw, 1).orElseThrow();
        assertThat(photo.bytes()).isEqualTo(image);
        assertThat(photo.attachment().mediaType()).isEqualTo("image/png");
        assertThat(reader.attachment(raw, 2)).isEmpty();
    }

    @Test
    void htmlOnlyMailIsReadAsTextWithoutScriptsOrQuotes() throws Exception {
        var mail = reader.read(bytes("""
                From: b@example.com
                Subject: html
                Content-Type: text/html; charset=UTF-8

                <html><head><script>alert('head')</script><style>p{color:red}</style></head><body>
                <p>Please <b>help</b> me.</p><img src="x" onerror="alert(1)"><script>document.title='pwned'</script>
                <div class="gmail_quote">On Monday Support wrote:<blockquote>Old answer</blockquote></div>
                </body></html>
                """));
        assertThat(HtmlText.newestText(mail.html())).isEqualTo("Please help me.");
        String shown = HtmlText.sanitized(mail.html());
        assertThat(shown).contains("<b>help</b>").contains("Old answer")
                .doesNotContain("script").doesNotContain("onerror").doesNotContain("alert");
    }

    @Test
    void theSanitisedHtmlKeepsNoRemoteImageSoNoTrackingPixelFiresWhenAnAgentReadsIt() {
        String shown = HtmlText.sanitized("""
                <p>Hi</p><img src="https://tracker.example/open.gif?u=42" width="1" height="1">
                <img src="http://tracker.example/b.gif"><img src="//tracker.example/c.gif"><img src="/relative.gif">
                <img src="data:image/png;base64,iVBORw0KGgo=" alt="inline">""");
        assertThat(shown).doesNotContain("tracker.example").doesNotContain("relative.gif")
                .contains("src=\"data:image/png;base64,iVBORw0KGgo=\"");
    }

    @Test
    void aCharsetThatDoesNotExistIsReadAsUtf8OrWindows1252() throws Exception {
        var utf8 = reader.read(bytes("""
                From: c@example.com
                Subject: =?x-no-such-charset?Q?Hallo?=
                Content-Type: text/plain; charset="x-no-such-charset"
                Content-Transfer-Encoding: 8bit

                Grüße aus Köln
                """));
        assertThat(utf8.text()).isEqualTo("Grüße aus Köln\n");
        assertThat(utf8.subject()).isEqualTo("=?x-no-such-charset?Q?Hallo?=");

        byte[] latin = "From: d@example.com\r\nContent-Type: text/plain; charset=bogus\r\n\r\nCaf\u00e9\r\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        assertThat(reader.read(latin).text()).isEqualTo("Café\n");
    }

    @Test
    void aMailWithoutMessageIdGetsOneFromItsContentThatRepliesNeverReferTo() throws Exception {
        byte[] raw = bytes("From: g@example.com\nSubject: no id\n\nhello\n");
        var mail = reader.read(raw);
        assertThat(mail.ownId()).isFalse();
        assertThat(mail.messageId()).isEqualTo(reader.read(raw).messageId()).endsWith("@no-message-id.switchboard.invalid>");
        assertThat(reader.read(bytes("From: g@example.com\nSubject: no id\n\nhello again\n")).messageId())
                .isNotEqualTo(mail.messageId());
    }

    @Test
    void aMailWithoutSenderOrWithBrokenMimeIsRefusedWithAReason() {
        assertThatThrownBy(() -> reader.read(bytes("To: support@switchboard.local\nSubject: who?\n\nhello\n")))
                .isInstanceOf(MailReader.UnreadableMailException.class).hasMessage("no From address");
        assertThatThrownBy(() -> reader.read(bytes("""
                From: e@example.com
                Content-Type: multipart/mixed

                no boundary anywhere
                """))).isInstanceOf(MailReader.UnreadableMailException.class).hasMessageStartingWith("malformed MIME");
        // Jakarta Mail would guess the boundary from the first "--" line; RFC 2046 requires it to be named
        assertThatThrownBy(() -> reader.read(bytes("""
                From: e@example.com
                Content-Type: multipart/mixed

                --guessed
                Content-Type: text/plain

                read only if the boundary is guessed
                --guessed--
                """))).isInstanceOf(MailReader.UnreadableMailException.class)
                .hasMessage("malformed MIME (multipart without boundary)");
    }

    @Test
    void autoRepliesBouncesAndBulkMailAreRecognised() throws Exception {
        assertThat(reader.read(bytes("From: f@example.com\nAuto-Submitted: auto-replied\n\nout of office\n")).automated())
                .isEqualTo(AutomatedMail.AUTO_REPLY);
        assertThat(reader.read(bytes("From: f@example.com\nAuto-Submitted: no\n\nhello\n")).automated()).isNull();
        assertThat(reader.read(bytes("From: f@example.com\nX-Autoreply: yes\n\naway\n")).automated())
                .isEqualTo(AutomatedMail.AUTO_REPLY);
        assertThat(reader.read(bytes("From: MAILER-DAEMON@mx.example.com\n\nundeliverable\n")).automated())
                .isEqualTo(AutomatedMail.BOUNCE);
        assertThat(reader.read(bytes("""
                From: postmaster@example.com
                Content-Type: multipart/report; report-type=delivery-status; boundary="r"

                --r
                Content-Type: text/plain

                failed
                --r--
                """)).automated()).isEqualTo(AutomatedMail.BOUNCE);
        assertThat(reader.read(bytes("From: news@example.com\nPrecedence: bulk\n\nnews\n")).automated())
                .isEqualTo(AutomatedMail.BULK);
    }

    @Test
    void quotedEarlierMessagesAndSignaturesAreCutFromTheNewText() {
        assertThat(ReplyText.newest("Thanks, that works!\n\nOn Tue, 3 Mar 2026 at 10:12, Support <s@x.example>\nwrote:\n> Try again\n"))
                .isEqualTo("Thanks, that works!");
        assertThat(ReplyText.newest("Yes please.\n\n-----Original Message-----\nFrom: Support\nSent: Monday\n\nOld"))
                .isEqualTo("Yes please.");
        assertThat(ReplyText.newest("Ok.\n\nFrom: Support <s@x.example>\nSent: Monday, 2 March 2026 09:00\nTo: me\n\nOld"))
                .isEqualTo("Ok.");
        assertThat(ReplyText.newest("Call me.\n-- \nAnna\n+1 555 0100")).isEqualTo("Call me.");
        assertThat(ReplyText.newest("Fine.\n\nSent from my iPhone")).isEqualTo("Fine.");
        assertThat(ReplyText.newest("> only a quote\n> nothing else")).as("nothing new: kept whole")
                .isEqualTo("> only a quote\n> nothing else");
        assertThat(ReplyText.newest("> question one\nanswer one\n> question two\nanswer two\n> closing quote"))
                .as("inline answers kept").isEqualTo("> question one\nanswer one\n> question two\nanswer two");
    }

    private static byte[] bytes(String mail) {
        return mail.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    }
}
