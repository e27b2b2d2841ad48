package io.switchboard.channel.email;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.switchboard.conversation.ConversationMemory;
import io.switchboard.system.ConversationAccess;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The full original of a mail for agents: headers that matter, the whole text (quotes and
 * signature included), the sanitised HTML, the attachments and the raw message. Only who may open
 * the conversation holding the mail may read it (a mail in none: supervisors); an unknown id and one
 * refused answer alike. Nothing here is rendered with the gateway's authority: HTML is sanitised and
 * served sandboxed, files are downloads.
 */
@RestController
@RequestMapping(EmailController.BASE)
@Tag(name = "email")
class EmailController {

    static final String BASE = "/api/v1/email/messages";
    /** No script, no network, no forms, no plugins: the page can only show itself. */
    static final String SANDBOX = "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
            + "frame-ancestors 'self'";

    private final MailArchive archive;
    private final ConversationMemory memory;
    private final ConversationAccess access;
    private final MailReader reader = new MailReader();

    EmailController(MailArchive archive, ConversationMemory memory, ConversationAccess access) {
        this.archive = archive;
        this.memory = memory;
        this.access = access;
    }

    static String messagePath(String id) {
        return BASE + "/" + id;
    }

    static String attachmentPath(String id, int index) {
        return BASE + "/" + id + "/attachments/" + index;
    }

    /** A mail as an agent reads it. */
    record MailView(String id, String messageId, String from, String replyTo, String subject, Instant receivedAt,
                    long size, String text, String html, String original, List<AttachmentView> attachments) {
    }

    record AttachmentView(String name, String mediaType, long size, String href) {
    }

    @GetMapping("/{id}")
    @Operation(summary = "A mail as received: full text, links to its sanitised HTML, attachments and original")
    MailView get(@PathVariable String id, Authentication user) {
        var mail = readable(id, user);
        return new MailView(mail.id(), mail.messageId(), mail.from(), mail.replyTo(), mail.subject(), mail.receivedAt(),
                mail.size(), mail.fullText(), mail.hasHtml() ? messagePath(id) + "/html" : null,
                messagePath(id) + "/original", mail.attachments().stream().map(a -> new AttachmentView(a.name(),
                        a.mediaType(), a.size(), attachmentPath(id, a.index()))).toList());
    }

    @GetMapping("/{id}/html")
    @Operation(summary = "The mail's HTML, sanitised (no scripts, event handlers, forms or remote content)")
    ResponseEntity<String> html(@PathVariable String id, Authentication user) {
        readable(id, user);
        String html = archive.sanitizedHtml(id).orElseThrow(() -> missing(id));
        return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .header("Content-Security-Policy", SANDBOX)
                .body("<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>" + html + "</body></html>");
    }

    @GetMapping("/{id}/original")
    @Operation(summary = "The mail exactly as received (message/rfc822), as a download")
    ResponseEntity<byte[]> original(@PathVariable String id, Authentication user) {
        readable(id, user);
        byte[] original = archive.original(id).orElseThrow(() -> missing(id));
        return download(original, "message/rfc822", id + ".eml");
    }

    @GetMapping("/{id}/attachments/{index}")
    @Operation(summary = "One attachment of the mail, as a download")
    ResponseEntity<byte[]> attachment(@PathVariable String id, @PathVariable int index, Authentication user)
            throws MailReader.UnreadableMailException {
        readable(id, user);
        byte[] original = archive.original(id).orElseThrow(() -> missing(id));
        var content = reader.attachment(original, index)
                .orElseThrow(() -> new NoSuchElementException("mail " + id + " has no attachment " + index));
        return download(content.bytes(), content.attachment().mediaType(),
                content.attachment().name() == null ? "attachment-" + index : content.attachment().name());
    }

    /** The archived mail, if the user may open the conversation that holds it; else 404 or 403. */
    private MailArchive.ArchivedMail readable(String id, Authentication user) {
        var mail = archive.find(id).orElseThrow(() -> missing(id));
        memory.conversationOfInbound(EmailIntake.CHANNEL, mail.messageId()).ifPresentOrElse(
                conversation -> access.requireConversation(conversation, user), () -> access.requireEveryQueue(user));
        return mail;
    }

    private static ResponseEntity<byte[]> download(byte[] bytes, String mediaType, String name) {
        MediaType type;
        try {
            type = MediaType.parseMediaType(mediaType);
        } catch (IllegalArgumentException e) {
            type = MediaType.APPLICATION_OCTET_STREAM;
        }
        return ResponseEntity.ok().contentType(type)
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(name, StandardCharsets.UTF_8).build().toString())
                .header("Content-Security-Policy", SANDBOX)
                .body(bytes);
    }

    private static NoSuchElementException missing(String id) {
        return new NoSuchElementException("no mail " + id);
    }
}
