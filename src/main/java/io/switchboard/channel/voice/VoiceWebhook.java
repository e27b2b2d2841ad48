package io.switchboard.channel.voice;

import io.switchboard.envelope.Envelope;
import io.switchboard.envelope.EnvelopeHeaders;
import io.switchboard.envelope.Threading;
import io.switchboard.channel.twilio.TwilioWebhooks;
import io.switchboard.channel.webhook.WebhookAnswer;
import io.switchboard.channel.webhook.WebhookRequest;
import io.switchboard.conversation.Author;
import io.switchboard.conversation.ConversationMemory;
import io.switchboard.customer.Address;
import io.switchboard.customer.CustomerDirectory;
import io.switchboard.customer.InvalidAddressException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Twilio's voice webhook, used by the {@code voice-source} connector. A new call gets the greeting
 * and a speech {@code <Gather>}; each recognised utterance (or key press) becomes a customer turn on
 * the voice channel, recorded before Twilio gets its answer: the next {@code <Gather>}, or, when the
 * caller asks for a person or presses 0, the transfer ({@code <Enqueue>} or {@code <Dial>}) with a
 * note on the conversation so the agent finds the transcript so far.
 */
@Component("voiceWebhook")
public class VoiceWebhook {

    static final String TRANSFER = "switchboard-voice-transfer";
    private static final Logger log = LoggerFactory.getLogger(VoiceWebhook.class);
    private static final Pattern CALL_SID = Pattern.compile("CA[0-9a-fA-F]{32}");
    private static final Pattern GATHER_ID = Pattern.compile("[0-9a-f]{1,32}");

    private final TwilioWebhooks webhooks;
    private final CustomerDirectory customers;
    private final ConversationMemory memory;
    private final LiveCalls calls;
    private final VoiceTwiml twiml;
    private final VoiceProperties properties;
    private final Clock clock;

    VoiceWebhook(TwilioWebhooks webhooks, CustomerDirectory customers, ConversationMemory memory, LiveCalls calls, VoiceTwiml twiml, VoiceProperties properties, Clock clock) {
        this.webhooks = webhooks;
        this.customers = customers;
        this.memory = memory;
        this.calls = calls;
        this.twiml = twiml;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Leaves the caller's utterance as an envelope when there is one to record; otherwise answers the
     * call itself and stops the route.
     */
    public void receive(Exchange exchange) {
        Map<String, String> form = webhooks.admit(exchange, "voice").orElse(null);
        if (form == null) {
            return;
        }
        String callSid = form.get("CallSid");
        if (callSid == null || !CALL_SID.matcher(callSid).matches() || form.get("From") == null) {
            log.warn("voice webhook refused: CallSid or From missing or malformed");
            WebhookAnswer.stop(exchange, 400, "text/plain", "CallSid and From are required");
            return;
        }
        Address caller;
        try {
            caller = customers.addresses().normalize(VoiceChannel.ID, form.get("From"));
        } catch (InvalidAddressException e) {
            log.info("call {} from a withheld or unreadable number: turned away", callSid);
            twiml(exchange, twiml.sayAndHangUp(properties.hiddenNumber()).toXml());
            return;
        }
        calls.started(caller, callSid, clock.instant());
        String gatherId = WebhookRequest.of(exchange).query("g").filter(g -> GATHER_ID.matcher(g).matches()).orElse(null);
        String speech = form.getOrDefault("SpeechResult", "").strip();
        String digits = form.getOrDefault("Digits", "").strip();
        if (gatherId == null) {
            log.info("call {} from {} started", callSid, caller.masked());
            twiml(exchange, twiml.sayAndListen(List.of(properties.greeting())).toXml());
            return;
        }
        if (speech.isEmpty() && digits.isEmpty()) {
            twiml(exchange, twiml.sayAndListen(List.of(properties.noInput())).toXml());
            return;
        }
        String text = speech.isEmpty() ? "(pressed " + digits + " on the keypad)" : speech;
        var metadata = new java.util.HashMap<String, String>();
        if (form.get("Confidence") != null) {
            metadata.put("confidence", form.get("Confidence"));
        }
        exchange.getMessage().setHeader(TRANSFER, "0".equals(digits) || asksForPerson(speech));
        exchange.getMessage().setBody(Envelope.inbound(VoiceChannel.ID, callSid + "/" + gatherId, caller.value(),
                        form.get("To"), text, clock.instant())
                .withThreading(new Threading(null, null, List.of(), callSid))
                .withMetadata(metadata));
    }

    /** The utterance is recorded: listen for more, or put the caller through to a person. */
    public void recorded(Exchange exchange) {
        boolean transfer = Boolean.TRUE.equals(exchange.getMessage().getHeader(TRANSFER, Boolean.class));
        String conversationId = exchange.getMessage().getHeader(EnvelopeHeaders.CONVERSATION_ID, String.class);
        if (!transfer) {
            twiml(exchange, twiml.sayAndListen(List.of(properties.prompt())).toXml());
            return;
        }
        String where = "dial".equals(properties.transfer().mode()) ? "the number set for transfers"
                : "Twilio queue " + properties.transfer().queue();
        if (conversationId != null) {
            memory.recordNote(conversationId, new ConversationMemory.Draft(Author.SYSTEM, null, VoiceChannel.ID, null,
                    "The caller asked for a person and was put through to " + where
                            + "; what they said on the call is above.", null, true, Map.of()));
        }
        log.info("call of conversation {} transferred to {}", conversationId, where);
        twiml(exchange, twiml.transfer().toXml());
    }

    private boolean asksForPerson(String speech) {
        String said = speech.toLowerCase(Locale.ROOT);
        return properties.agentWords().stream().anyMatch(word ->
                Pattern.compile("\\b" + Pattern.quote(word.toLowerCase(Locale.ROOT)) + "\\b").matcher(said).find());
    }

    private static void twiml(Exchange exchange, String xml) {
        WebhookAnswer.stop(exchange, 200, "application/xml", xml);
    }
}
