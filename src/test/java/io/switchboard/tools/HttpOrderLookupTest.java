package io.switchboard.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.support.OrderApiStub;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The order system's answer is read up to {@code max-answer-size} and no further, over real HTTP. */
class HttpOrderLookupTest {

    static final OrderApiStub ORDERS = new OrderApiStub();

    @AfterAll
    static void stop() {
        ORDERS.close();
    }

    @Test
    void anAnswerLargerThanTheLimitIsAFailedLookupAndOneWithinItIsRead() {
        ORDERS.oversized("9001", 40_000);
        ORDERS.oversized("9002", 10_000);
        var lookup = new HttpOrderLookup(new Binder(new MapConfigurationPropertySource(Map.of(
                "switchboard.tools.orders.base-url", ORDERS.baseUrl(),
                "switchboard.tools.orders.max-answer-size", "32KB",
                "switchboard.tools.orders.auth-header", "Authorization",
                "switchboard.tools.orders.auth-value", OrderApiStub.TOKEN,
                "switchboard.tools.orders.fields.status", "/status")))
                .bind("switchboard.tools.orders", OrderProperties.class).get(), Clock.systemUTC());

        assertThat(lookup.find("9001")).isEqualTo(new OrderLookup.Failed(
                "the order system's answer is larger than 32 KB", false));
        assertThat(lookup.find("9002")).isInstanceOfSatisfying(OrderLookup.Found.class,
                found -> assertThat(found.order().field("status")).isEqualTo("Shipped"));
    }
}
