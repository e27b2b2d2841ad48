package io.switchboard.channel.webhook;

import io.switchboard.system.RequestBodyLimit;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Puts the body limit and the form-encoding check in front of every webhook, before security and
 * before Camel reads a byte, and the 503 for a message that could not be recorded for a passing reason.
 */
@Configuration(proxyBeanMethods = false)
class WebhookConfiguration {

    @Bean
    FilterRegistrationBean<RequestBodyLimit> webhookBodyLimit(WebhookProperties properties) {
        var registration = new FilterRegistrationBean<>(new RequestBodyLimit(properties.maxBodySize().toBytes()));
        registration.addUrlPatterns("/webhooks/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        registration.setName("webhookBodyLimit");
        return registration;
    }

    /** Right after the body limit: a broken form encoding is a 400, not an error deep in a binding. */
    @Bean
    FilterRegistrationBean<FormEncodingCheck> webhookFormEncoding() {
        var registration = new FilterRegistrationBean<>(new FormEncodingCheck());
        registration.addUrlPatterns("/webhooks/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        registration.setName("webhookFormEncoding");
        return registration;
    }

    /**
     * A webhook the inbound error handler marked ({@code routes/error-handling.yaml}) is answered 503
     * with Retry-After instead of 500.
     */
    @Bean
    FilterRegistrationBean<RetryLater> webhookRetryLater() {
        var registration = new FilterRegistrationBean<>(new RetryLater());
        registration.addUrlPatterns("/webhooks/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 3);
        registration.setName("webhookRetryLater");
        return registration;
    }
}
