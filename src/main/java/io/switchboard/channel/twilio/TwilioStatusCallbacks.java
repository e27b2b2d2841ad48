package io.switchboard.channel.twilio;

import io.switchboard.channel.webhook.WebhookAnswer;
import io.switchboard.channel.webhook.WebhookRequest;
import io.switchboard.envelope.EnvelopeHeaders;
import io.switchboard.envelope.Receipt;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@code POST /webhooks/twilio/status}: Twilio's status callbacks. A message's status goes on its
 * turn (found by the conversation and sequence our callback URL carries, statuses never moving
 * back); a call's status goes to whoever listens (voice, to know a call has ended).
 */
@Component("twilioStatusCallbacks")
public class TwilioStatusCallbacks {

    private static final Logger log = LoggerFactory.getLogger(TwilioStatusCallbacks.class);
    /** The channel of a callback whose URL names none (sent before the URL carried it). */
    private static final String SMS = "sms";

    private final TwilioWebhooks webhooks;
    private final ProducerTemplate receipts;
    private final List<CallStatusListener> calls;

    TwilioStatusCallbacks(TwilioWebhooks webhooks, ProducerTemplate receipts, List<CallStatusListener> calls) {
        this.webhooks = webhooks;
        this.receipts = receipts;
        this.calls = List.copyOf(calls);
    }

    public void receive(Exchange exchange) {
        Map<String, String> form = webhooks.admit(exchange, "Twilio").orElse(null);
        if (form == null) {
            return;
        }
        WebhookRequest request = WebhookRequest.of(exchange);
        String messageStatus = form.getOrDefault("MessageStatus", form.get("SmsStatus"));
        if (form.get("MessageSid") != null && messageStatus != null) {
            message(request, form, messageStatus.toLowerCase(Locale.ROOT));
        } else if (form.get("CallSid") != null && form.get("CallStatus") != null) {
            String status = form.get("CallStatus").toLowerCase(Locale.ROOT);
            calls.forEach(listener -> listener.callStatus(form.get("CallSid"), status, form));
        } else {
            WebhookAnswer.stop(exchange, 400, "text/plain",
                    "MessageSid and MessageStatus, or CallSid and CallStatus, are required");
            return;
        }
        WebhookAnswer.stop(exchange, 204, "text/plain", "");
    }

    private void message(WebhookRequest request, Map<String, String> form, String status) {
        // the sender names its channel in the callback URL: SMS and any other channel sent through Twilio
        String channel = request.query("ch").filter(c -> c.matches("[a-z][a-z0-9-]{0,31}")).orElse(SMS);
        String conversationId = request.query("c").orElse(null);
        long seq = request.query("s").map(TwilioStatusCallbacks::parseSeq).orElse(0L);
        String sid = form.get("MessageSid");
        String error = form.get("ErrorCode") == null ? "" : " (Twilio error " + form.get("ErrorCode") + ")";
        Receipt.Status outcome = switch (status) {
            case "sent" -> Receipt.Status.SENT;
            case "delivered", "read" -> Receipt.Status.DELIVERED;
            case "undelivered", "failed", "canceled" -> Receipt.Status.FAILED;
            default -> null;
        };
        if (outcome == null) {
            log.debug("message {} of conversation {} is {}", seq, conversationId, status);
            return;
        }
        if (outcome == Receipt.Status.FAILED) {
            log.warn("message {} of conversation {} {}{}", seq, conversationId, status, error);
        }
        String detail = outcome == Receipt.Status.FAILED ? status + error : sid;
        receipts.sendBody(EnvelopeHeaders.RECEIPTS, conversationId != null && seq > 0
                ? Receipt.forTurn(channel, conversationId, seq, outcome, detail, sid)
                : Receipt.forProviderId(channel, sid, outcome, detail));
    }

    private static long parseSeq(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
