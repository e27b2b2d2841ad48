package io.switchboard.channel.voice;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.channel.webhook.WebhookAnswer;
import io.switchboard.channel.webhook.WebhookProperties;
import io.switchboard.channel.webhook.WebhookRequest;
import io.switchboard.channel.webhook.WebhookSignatures;
import io.switchboard.conversation.Author;
import io.switchboard.conversation.ConversationMemory;
import io.switchboard.customer.Address;
import io.switchboard.customer.Customer;
import io.switchboard.customer.CustomerDirectory;
import io.switchboard.customer.InvalidAddressException;
import io.switchboard.envelope.Direction;
import io.switchboard.envelope.Envelope;
import io.switchboard.envelope.EnvelopeHeaders;
import io.switchboard.envelope.Receipt;
import io.switchboard.envelope.Threading;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The {@code voice-transcript-source} connector's Java: transcripts other systems post to
 * {@code /webhooks/voice/transcripts}, signed over a timestamp and the body. A transcript becomes
 * envelopes, in the order they are recorded: the caller's segments go through the inbound pipeline
 * as customer turns; the other side's lines are recorded as said to the customer, once the caller's
 * conversation exists (lines before the caller ever spoke, with no conversation yet, are unplaced).
 * Every segment's key is the call id and its position, so a replayed or overlapping post records
 * nothing twice.
 */
@Component("voiceTranscripts")
public class VoiceTranscripts {

    /** Header with the number of lines that had no conversation to go to. */
    static final String UNPLACED = "switchboard-transcript-unplaced";
    private static final Logger log = LoggerFactory.getLogger(VoiceTranscripts.class);

    private final WebhookProperties webhookProperties;
    private final ObjectMapper json;
    private final CustomerDirectory customers;
    private final ConversationMemory memory;
    private final LiveCalls calls;
    private final ProducerTemplate receipts;
    private final Clock clock;

    VoiceTranscripts(WebhookProperties webhookProperties, ObjectMapper json, CustomerDirectory customers,
                     ConversationMemory memory, LiveCalls calls, ProducerTemplate receipts, Clock clock) {
        this.webhookProperties = webhookProperties;
        this.json = json;
        this.customers = customers;
        this.memory = memory;
        this.calls = calls;
        this.receipts = receipts;
        this.clock = clock;
    }

    /** Checks and reads the transcript; leaves its envelopes as the body, or answers and stops. */
    public void receive(Exchange exchange) {
        if (webhookProperties.secret() == null) {
            answer(exchange, 503, Map.of("error", "voice transcripts are off: set switchboard.webhooks.secret"));
            exchange.setRouteStop(true);
            return;
        }
        WebhookRequest request = WebhookRequest.of(exchange);
        var verdict = WebhookSignatures.verify(webhookProperties.secret(),
                request.header(WebhookSignatures.TIMESTAMP_HEADER).orElse(null), request.body(),
                request.header(WebhookSignatures.HEADER).orElse(null), clock.instant(), webhookProperties.tolerance());
        if (verdict != WebhookSignatures.Verdict.VALID) {
            log.warn("voice transcript refused: {}", verdict.reason());
            refuse(exchange, 403, "X-Switchboard-Signature does not verify: " + verdict.reason());
            return;
        }
        Transcript transcript;
        Address caller;
        try {
            transcript = json.readValue(request.body(), Transcript.class);
            caller = customers.addresses().normalize(VoiceChannel.ID, transcript.from());
        } catch (JsonProcessingException e) {
            refuse(exchange, 400, readable(e));
            return;
        } catch (IOException e) {
            refuse(exchange, 400, "not a transcript");
            return;
        } catch (InvalidAddressException e) {
            refuse(exchange, 400, "from is not a phone number");
            return;
        }
        if (transcript.finished()) {
            calls.current(caller).filter(c -> c.callSid().equals(transcript.callId()))
                    .ifPresent(c -> calls.ended(caller, c.callSid()));
        }
        exchange.getMessage().setBody(envelopes(transcript, caller, exchange));
    }

    /**
     * The segments as envelopes, in the order they are recorded: the other side's lines wait for the
     * caller's first segment when the caller has no conversation yet.
     */
    private List<Envelope> envelopes(Transcript transcript, Address caller, Exchange exchange) {
        boolean placed = customers.findByAddress(caller).map(Customer::currentConversationId)
                .filter(id -> memory.find(id).isPresent()).isPresent();
        var ordered = new ArrayList<Envelope>();
        var waiting = new ArrayList<Envelope>();
        for (Transcript.Segment segment : transcript.segments().stream()
                .sorted(Comparator.comparing(Transcript.Segment::seq)).toList()) {
            Envelope envelope = envelope(transcript, caller, segment);
            if (segment.byCaller()) {
                ordered.add(envelope);
                ordered.addAll(waiting);
                waiting.clear();
                placed = true;
            } else if (placed) {
                ordered.add(envelope);
            } else {
                waiting.add(envelope);
            }
        }
        exchange.getMessage().setHeader(UNPLACED, waiting.size());
        return ordered;
    }

    private Envelope envelope(Transcript transcript, Address caller, Transcript.Segment segment) {
        String providerId = "transcript:" + transcript.callId() + ":" + segment.seq();
        var threading = new Threading(null, null, List.of(), transcript.callId());
        var metadata = Map.of("transcriptSeq", Long.toString(segment.seq()), "speaker", segment.speaker().strip());
        if (segment.byCaller()) {
            return Envelope.inbound(VoiceChannel.ID, providerId, caller.value(), transcript.to(), segment.text(),
                    segment.at() != null ? segment.at() : clock.instant()).withThreading(threading).withMetadata(metadata);
        }
        return new Envelope(UUID.randomUUID().toString(), VoiceChannel.ID, Direction.OUTBOUND, providerId, null,
                caller.value(), segment.text(), null, List.of(), threading, null,
                segment.at() != null ? segment.at() : clock.instant(), metadata);
    }

    /** Records what the other side said: on the caller's conversation, as said to them on the call. */
    public void recordLine(@Body Envelope line) {
        Address caller = customers.addresses().normalize(VoiceChannel.ID, line.to());
        String conversationId = customers.findByAddress(caller).map(Customer::currentConversationId)
                .orElseThrow(() -> new IllegalStateException("the caller has no conversation for the line"));
        String speaker = line.metadata().get("speaker");
        Author author = switch (speaker.toLowerCase(Locale.ROOT)) {
            case "ai", "bot", "assistant" -> Author.AI;
            default -> Author.AGENT;
        };
        var appended = memory.recordNote(conversationId, new ConversationMemory.Draft(author, speaker, VoiceChannel.ID,
                caller.toString(), line.text(), null, false, Map.of("callId", line.threading().callId(),
                "transcriptSeq", line.metadata().get("transcriptSeq"))));
        receipts.sendBody(EnvelopeHeaders.RECEIPTS, Receipt.forTurn(VoiceChannel.ID, conversationId,
                appended.turn().seq(), Receipt.Status.DELIVERED, "said on the call", null));
    }

    /** The webhook's answer: how many segments were recorded, already known, or without a conversation. */
    public void answer(Exchange exchange) {
        int recorded = exchange.getMessage().getHeader(TranscriptTally.RECORDED, 0, Integer.class);
        int duplicates = exchange.getMessage().getHeader(TranscriptTally.DUPLICATES, 0, Integer.class);
        int unplaced = exchange.getMessage().getHeader(UNPLACED, 0, Integer.class);
        log.info("voice transcript: {} segment(s) recorded, {} already known, {} without a conversation", recorded,
                duplicates, unplaced);
        answer(exchange, 202, Map.of("recorded", recorded, "duplicates", duplicates, "unplaced", unplaced));
    }

    private void refuse(Exchange exchange, int status, String reason) {
        if (status == 400) {
            log.warn("voice transcript refused: {}", reason);
        }
        answer(exchange, status, Map.of("error", reason));
        exchange.setRouteStop(true);
    }

    private static String readable(JsonProcessingException e) {
        Throwable cause = e.getCause();
        return cause instanceof IllegalArgumentException ? cause.getMessage() : "not a transcript: " + e.getOriginalMessage();
    }

    private void answer(Exchange exchange, int status, Map<String, Object> body) {
        try {
            WebhookAnswer.set(exchange, status, "application/json", json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
