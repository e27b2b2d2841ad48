package io.switchboard.channel.voice;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.envelope.Envelope;
import io.switchboard.envelope.EnvelopeHeaders;
import io.switchboard.envelope.Threading;
import io.switchboard.customer.PhoneIdentity;
import io.switchboard.channel.webhook.WebhookProperties;
import io.switchboard.channel.webhook.WebhookRequest;
import io.switchboard.channel.webhook.WebhookSignatures;
import io.switchboard.conversation.Appended;
import io.switchboard.conversation.Author;
import io.switchboard.conversation.ConversationMemory;
import io.switchboard.conversation.DeliveryStatus;
import io.switchboard.customer.Address;
import io.switchboard.customer.Customer;
import io.switchboard.customer.CustomerDirectory;
import io.switchboard.customer.InvalidAddressException;
import io.switchboard.delivery.DeliveryReceipts;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.spi.IdempotentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * {@code POST /webhooks/voice/transcripts}: transcripts from other systems (a contact-center
 * platform, a speech service), signed with {@code X-Switchboard-Signature} over
 * {@code X-Switchboard-Timestamp} and the body. The caller's segments go
 * through the inbound pipeline as customer turns on the voice channel; the other side's are recorded
 * as what was said to the customer. Every segment is keyed by call id and position, so a replayed or
 * overlapping post records nothing twice.
 */
@Component("voiceTranscripts")
public class VoiceTranscripts {

    private static final Logger log = LoggerFactory.getLogger(VoiceTranscripts.class);

    private final WebhookProperties webhookProperties;
    private final ObjectMapper json;
    private final CustomerDirectory customers;
    private final ConversationMemory memory;
    private final DeliveryReceipts receipts;
    private final PhoneIdentity phones;
    private final LiveCalls calls;
    private final IdempotentRepository seen;
    private final ProducerTemplate producer;
    private final Clock clock;

    VoiceTranscripts(WebhookProperties webhookProperties, ObjectMapper json, CustomerDirectory customers,
                     ConversationMemory memory, DeliveryReceipts receipts, PhoneIdentity phones, LiveCalls calls,
                     @Qualifier("inboundMessageIds") IdempotentRepository seen, ProducerTemplate producer, Clock clock) {
        this.webhookProperties = webhookProperties;
        this.json = json;
        this.customers = customers;
        this.memory = memory;
        this.receipts = receipts;
        this.phones = phones;
        this.calls = calls;
        this.seen = seen;
        this.producer = producer;
        this.clock = clock;
    }

    public void receive(Exchange exchange) {
        if (webhookProperties.secret() == null) {
            answer(exchange, 503, Map.of("error", "voice transcripts are off: set switchboard.webhooks.secret"));
            return;
        }
        WebhookRequest request = WebhookRequest.of(exchange);
        var verdict = WebhookSignatures.verify(webhookProperties.secret(),
                request.header(WebhookSignatures.TIMESTAMP_HEADER).orElse(null), request.body(),
                request.header(WebhookSignatures.HEADER).orElse(null), clock.instant(), webhookProperties.tolerance());
        if (verdict != WebhookSignatures.Verdict.VALID) {
            log.warn("voice transcript refused: {}", verdict.reason());
            answer(exchange, 403, Map.of("error", "X-Switchboard-Signature does not verify: " + verdict.reason()));
            return;
        }
        Transcript transcript;
        Address caller;
        try {
            transcript = json.readValue(request.body(), Transcript.class);
            caller = customers.addresses().normalize(VoiceChannel.ID, transcript.from());
        } catch (JsonProcessingException e) {
            refuse(exchange, readable(e));
            return;
        } catch (java.io.IOException e) {
            refuse(exchange, "not a transcript");
            return;
        } catch (InvalidAddressException e) {
            refuse(exchange, "from is not a phone number");
            return;
        }
        answer(exchange, 202, record(transcript, caller));
    }

    private Map<String, Object> record(Transcript transcript, Address caller) {
        phones.adopt(caller);
        String conversationId = customers.findByAddress(caller).map(Customer::currentConversationId)
                .filter(id -> memory.find(id).isPresent()).orElse(null);
        var waiting = new ArrayList<Transcript.Segment>();
        int recorded = 0;
        int duplicates = 0;
        for (Transcript.Segment segment : transcript.segments().stream()
                .sorted(Comparator.comparing(Transcript.Segment::seq)).toList()) {
            if (!segment.byCaller()) {
                waiting.add(segment);
            } else {
                Exchange result = producer.request("direct:inbound", e -> e.getMessage().setBody(envelope(transcript,
                        caller, segment)));
                if (result.getException() != null) {
                    throw new IllegalStateException("transcript segment not recorded", result.getException());
                }
                if (Boolean.TRUE.equals(result.getProperty(Exchange.DUPLICATE_MESSAGE, Boolean.class))) {
                    duplicates++;
                } else {
                    recorded++;
                }
                conversationId = result.getMessage().getHeader(EnvelopeHeaders.CONVERSATION_ID, conversationId,
                        String.class);
            }
            if (conversationId != null) {
                for (Transcript.Segment other : waiting) {
                    if (recordOtherSide(conversationId, transcript, caller, other)) {
                        recorded++;
                    } else {
                        duplicates++;
                    }
                }
                waiting.clear();
            }
        }
        if (transcript.finished()) {
            calls.current(caller).filter(c -> c.callSid().equals(transcript.callId()))
                    .ifPresent(c -> calls.ended(caller, c.callSid()));
        }
        log.info("voice transcript of call {} from {}: {} segment(s) recorded, {} already known, {} without a "
                + "conversation", transcript.callId(), caller.masked(), recorded, duplicates, waiting.size());
        return Map.of("recorded", recorded, "duplicates", duplicates, "unplaced", waiting.size());
    }

    /** What the other side said: on the record as said to the customer, once. */
    private boolean recordOtherSide(String conversationId, Transcript transcript, Address caller,
                                    Transcript.Segment segment) {
        String key = "voice:transcript:" + transcript.callId() + ":" + segment.seq();
        if (!seen.add(key)) {
            return false;
        }
        try {
            String speaker = segment.speaker().strip();
            Author author = switch (speaker.toLowerCase(java.util.Locale.ROOT)) {
                case "ai", "bot", "assistant" -> Author.AI;
                default -> Author.AGENT;
            };
            Appended appended = memory.recordNote(conversationId, new ConversationMemory.Draft(author, speaker,
                    VoiceChannel.ID, caller.toString(), segment.text(), null, false,
                    Map.of("callId", transcript.callId(), "transcriptSeq", Long.toString(segment.seq()))));
            receipts.recordStatus(conversationId, appended.turn().seq(), DeliveryStatus.DELIVERED, VoiceChannel.ID,
                    "said on the call", null);
            return true;
        } catch (RuntimeException e) {
            seen.remove(key);
            throw e;
        }
    }

    private Envelope envelope(Transcript transcript, Address caller, Transcript.Segment segment) {
        return Envelope.inbound(VoiceChannel.ID, "transcript:" + transcript.callId() + ":" + segment.seq(),
                        caller.value(), transcript.to(), segment.text(), segment.at() != null ? segment.at() : clock.instant())
                .withThreading(new Threading(null, null, List.of(), transcript.callId()))
                .withMetadata(Map.of("transcriptSeq", Long.toString(segment.seq())));
    }

    private void refuse(Exchange exchange, String reason) {
        log.warn("voice transcript refused: {}", reason);
        answer(exchange, 400, Map.of("error", reason));
    }

    private static String readable(JsonProcessingException e) {
        Throwable cause = e.getCause();
        return cause instanceof IllegalArgumentException ? cause.getMessage() : "not a transcript: " + e.getOriginalMessage();
    }

    private void answer(Exchange exchange, int status, Map<String, Object> body) {
        var message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        try {
            message.setBody(json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
