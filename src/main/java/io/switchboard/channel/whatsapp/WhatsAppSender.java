package io.switchboard.channel.whatsapp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.twilio.exception.TwilioException;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.MessageCreator;
import com.twilio.type.PhoneNumber;
import io.switchboard.channel.twilio.TwilioApi;
import io.switchboard.channel.twilio.TwilioFailures;
import io.switchboard.channel.twilio.TwilioWebhooks;
import io.switchboard.customer.Address;
import io.switchboard.envelope.DeliveryRefusedException;
import io.switchboard.envelope.Envelope;
import io.switchboard.envelope.EnvelopeHeaders;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Sends one WhatsApp message through Twilio's REST API with {@code whatsapp:} addresses: free text
 * inside the customer-service window; outside it the template the message carries (a notification's,
 * {@link Envelope#PROVIDER_TEMPLATE} with its variables), else the one configured for replies (by
 * Content SID, the reply's text in its variables where they ask for it). The status callback names the channel and the
 * turn, as SMS's does. Used by the {@code whatsapp-sink} connector.
 */
@Component("whatsappSender")
public class WhatsAppSender {

    private final TwilioApi twilio;
    private final TwilioWebhooks webhooks;
    private final WhatsAppProperties properties;
    private final WhatsAppWindow window;
    private final ObjectMapper json;

    WhatsAppSender(TwilioApi twilio, TwilioWebhooks webhooks, WhatsAppProperties properties, WhatsAppWindow window,
                   ObjectMapper json) {
        this.twilio = twilio;
        this.webhooks = webhooks;
        this.properties = properties;
        this.window = window;
        this.json = json;
    }

    public void send(@Body Envelope envelope, Exchange exchange) {
        PhoneNumber to = new PhoneNumber(WhatsAppChannel.PREFIX + envelope.to());
        boolean open = window.open(new Address(WhatsAppChannel.ID, envelope.to()));
        String ownTemplate = envelope.metadata().get(Envelope.PROVIDER_TEMPLATE);
        if (!open && ownTemplate == null && properties.template() == null) {
            throw new DeliveryRefusedException("outside WhatsApp's customer-service window and no template is configured");
        }
        String text = open ? envelope.text() : null;
        MessageCreator creator = properties.messagingServiceSid() != null
                ? Message.creator(to, properties.messagingServiceSid(), text)
                : Message.creator(to, new PhoneNumber(WhatsAppChannel.PREFIX + properties.fromNumber()), text);
        if (!open && ownTemplate != null) {
            creator.setContentSid(ownTemplate);
            creator.setContentVariables(envelope.metadata().getOrDefault(Envelope.PROVIDER_TEMPLATE_VARIABLES, "{}"));
        } else if (!open) {
            creator.setContentSid(properties.template().contentSid());
            creator.setContentVariables(variables(envelope.text()));
        }
        creator.setStatusCallback(webhooks.statusCallback(exchange, envelope));
        try {
            Message sent = creator.create(twilio.client());
            exchange.getMessage().setHeader(EnvelopeHeaders.PROVIDER_MESSAGE_ID, sent.getSid());
        } catch (TwilioException e) {
            throw TwilioFailures.translate(e);
        }
    }

    private String variables(String text) {
        var values = new LinkedHashMap<String, String>();
        properties.template().variables().forEach((number, value) -> values.put(number, value.replace("{text}", text)));
        try {
            return json.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
