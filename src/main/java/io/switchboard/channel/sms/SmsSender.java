package io.switchboard.channel.sms;

import com.twilio.exception.TwilioException;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.MessageCreator;
import com.twilio.type.PhoneNumber;
import io.switchboard.envelope.AttachmentRef;
import io.switchboard.envelope.Envelope;
import io.switchboard.envelope.EnvelopeHeaders;
import io.switchboard.channel.twilio.TwilioApi;
import io.switchboard.channel.twilio.TwilioFailures;
import io.switchboard.channel.twilio.TwilioWebhooks;
import java.net.URI;
import java.util.List;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Sends one SMS (or MMS) through Twilio's REST API with {@code Message.creator}, from the Messaging
 * Service when one is configured, else from the number. Its status callback URL names the turn
 * (conversation, sequence) and the idempotency key, so receipts find their turn without a lookup.
 * Used by the {@code sms-sink} connector.
 */
@Component("smsSender")
public class SmsSender {

    private final TwilioApi twilio;
    private final TwilioWebhooks webhooks;
    private final SmsProperties properties;

    SmsSender(TwilioApi twilio, TwilioWebhooks webhooks, SmsProperties properties) {
        this.twilio = twilio;
        this.webhooks = webhooks;
        this.properties = properties;
    }

    public void send(@Body Envelope envelope, Exchange exchange) {
        var config = twilio.properties();
        PhoneNumber to = new PhoneNumber(envelope.to());
        MessageCreator creator = config.messagingServiceSid() != null
                ? Message.creator(to, config.messagingServiceSid(), envelope.text())
                : Message.creator(to, new PhoneNumber(config.fromNumber()), envelope.text());
        creator.setStatusCallback(webhooks.statusCallback(exchange, envelope));
        if (properties.smartEncoding()) {
            creator.setSmartEncoded(true);
        }
        List<URI> media = envelope.attachments().stream().map(AttachmentRef::ref)
                .filter(ref -> ref.startsWith("https://") || ref.startsWith("http://")).map(URI::create).toList();
        if (!media.isEmpty()) {
            creator.setMediaUrl(media);
        }
        try {
            Message sent = creator.create(twilio.client());
            exchange.getMessage().setHeader(EnvelopeHeaders.PROVIDER_MESSAGE_ID, sent.getSid());
        } catch (TwilioException e) {
            throw TwilioFailures.translate(e);
        }
    }
}
