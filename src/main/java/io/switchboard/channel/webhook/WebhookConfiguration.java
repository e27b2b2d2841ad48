package io.switchboard.channel.webhook;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Puts the body limit in front of every webhook, before security and before Camel reads a byte. */
@Configuration(proxyBeanMethods = false)
class WebhookConfiguration {

    @Bean
    FilterRegistrationBean<WebhookBodyLimit> webhookBodyLimit(WebhookProperties properties) {
        var registration = new FilterRegistrationBean<>(new WebhookBodyLimit(properties.maxBodySize().toBytes()));
        registration.addUrlPatterns("/webhooks/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setName("webhookBodyLimit");
        return registration;
    }
}
