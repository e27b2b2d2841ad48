package io.switchboard.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.support.OrderApiStub;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

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
        var lookup = new HttpOrderLookup(OrderApiStub.properties(ORDERS.baseUrl(), Map.of("max-answer-size", "32KB",
                "auth-header", "Authorization", "auth-value", OrderApiStub.TOKEN, "fields.status", "/status")),
                Clock.systemUTC());

        assertThat(lookup.find("9001")).isEqualTo(new OrderLookup.Failed(
                "the order system's answer is larger than 32 KB", false));
        assertThat(lookup.find("9002")).isInstanceOfSatisfying(OrderLookup.Found.class,
                found -> assertThat(found.order().field("status")).isEqualTo("Shipped"));
    }
}
