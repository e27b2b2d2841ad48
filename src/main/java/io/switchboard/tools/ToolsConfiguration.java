package io.switchboard.tools;

import io.switchboard.customer.CustomerDirectory;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The company's systems the AI may consult: each only when configured, and said so at start. */
@Configuration(proxyBeanMethods = false)
class ToolsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ToolsConfiguration.class);

    @Bean
    @ConditionalOnExpression("!'${switchboard.tools.orders.base-url:}'.isBlank()")
    OrderTools orderTools(OrderProperties properties, CustomerDirectory customers, Clock clock) {
        log.info("order tool: {}{} fields={} timeout={} credential={}", properties.baseUrl(), properties.path(),
                properties.fields().keySet(), properties.timeout(), properties.authHeader().isBlank() ? "none"
                        : properties.authHeader() + " (set)");
        return new OrderTools(new HttpOrderLookup(properties, clock), customers, properties);
    }
}
