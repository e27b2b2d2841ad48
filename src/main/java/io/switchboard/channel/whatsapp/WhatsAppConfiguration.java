package io.switchboard.channel.whatsapp;

import io.switchboard.channel.sms.SmsProperties;
import io.switchboard.channel.sms.SmsWebhook;
import io.switchboard.channel.twilio.TwilioProperties;
import io.switchboard.channel.twilio.TwilioWebhooks;
import io.switchboard.customer.Consent;
import io.switchboard.customer.CustomerDirectory;
import io.switchboard.delivery.ChannelAvailability;
import io.switchboard.system.RateLimits;
import java.time.Clock;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The WhatsApp webhook (SMS's, for {@code whatsapp:} addresses) and when the channel can send. */
@Configuration(proxyBeanMethods = false)
class WhatsAppConfiguration {

    @Bean("whatsappWebhook")
    SmsWebhook whatsappWebhook(TwilioWebhooks webhooks, CustomerDirectory customers, Consent consent,
                               RateLimits rateLimits, SmsProperties properties, Clock clock) {
        return new SmsWebhook(webhooks, customers, consent, rateLimits, properties, clock,
                new SmsWebhook.Messaging(WhatsAppChannel.ID, WhatsAppChannel.PREFIX, "WhatsApp"));
    }

    @Bean
    ChannelAvailability whatsappAvailability(TwilioProperties twilio, WhatsAppProperties properties) {
        return channel -> !WhatsAppChannel.ID.equals(channel) ? Optional.empty()
                : !twilio.configured() ? Optional.of("Twilio is not configured")
                : !properties.configured() ? Optional.of("no WhatsApp sender: set switchboard.whatsapp.from-number "
                + "or switchboard.whatsapp.messaging-service-sid") : Optional.empty();
    }
}
