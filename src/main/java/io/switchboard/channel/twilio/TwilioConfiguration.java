package io.switchboard.channel.twilio;

import com.twilio.http.TwilioRestClient;
import io.switchboard.delivery.ChannelAvailability;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Twilio REST client and webhook checks. Without credentials the gateway still starts: SMS and
 * voice say so once and stay switched off (no sends, webhooks answer 503).
 */
@Configuration(proxyBeanMethods = false)
class TwilioConfiguration {

    static final Set<String> CHANNELS = Set.of("sms", "voice");
    private static final Logger log = LoggerFactory.getLogger(TwilioConfiguration.class);

    @Bean
    TwilioApi twilioApi(TwilioProperties properties) {
        if (!properties.configured()) {
            log.warn("SMS and voice are DISABLED: Twilio is not configured (missing {}). Set them as properties "
                    + "or environment variables (SWITCHBOARD_TWILIO_ACCOUNT_SID, ...) to switch them on.",
                    properties.missing());
            return new TwilioApi(properties, null);
        }
        var client = new TwilioRestClient.Builder(properties.accountSid(), properties.authToken())
                .httpClient(new TwilioHttpClient(properties))
                .build();
        log.info("SMS and voice enabled: Twilio account {} via {}", properties.accountSid(), properties.apiBaseUrl());
        return new TwilioApi(properties, client);
    }

    @Bean
    TwilioWebhooks twilioWebhooks(TwilioProperties properties,
                                  @Value("${switchboard.public-base-url}") String publicBaseUrl,
                                  @Value("${server.forward-headers-strategy:none}") String forwardHeaders) {
        // "framework" would take X-Forwarded-* from anyone; only Tomcat's own handling has a trusted proxy list
        return new TwilioWebhooks(properties, publicBaseUrl, "native".equalsIgnoreCase(forwardHeaders.strip()));
    }

    @Bean
    ChannelAvailability twilioChannels(TwilioProperties properties) {
        return channel -> CHANNELS.contains(channel) && !properties.configured()
                ? Optional.of("Twilio is not configured") : Optional.empty();
    }
}
