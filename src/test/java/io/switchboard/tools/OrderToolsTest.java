package io.switchboard.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.switchboard.customer.Address;
import io.switchboard.customer.Customer;
import io.switchboard.customer.CustomerDirectory;
import io.switchboard.support.OrderApiStub;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** How an order number is heard in a message, and that a sender nobody vouched for is told no order. */
class OrderToolsTest {

    final AtomicInteger lookups = new AtomicInteger();
    final CustomerDirectory customers = mock(CustomerDirectory.class);
    final OrderTools tools = new OrderTools(number -> {
        lookups.incrementAndGet();
        return new OrderLookup.NotFound();
    }, customers, OrderApiStub.properties("http://orders.example"));

    @Test
    void anOrderNumberIsHeardTheWaysCustomersWriteIt() {
        assertThat(tools.orderNumber("Where is my order 4711?")).contains("4711");
        assertThat(tools.orderNumber("order #A-12345 has not arrived")).contains("A-12345");
        assertThat(tools.orderNumber("my Order number: 99887766")).contains("99887766");
        assertThat(tools.orderNumber("Order ID #X1234")).contains("X1234");
        assertThat(tools.orderNumber("order no. 1234 please")).contains("1234");
        assertThat(tools.orderNumber("¿Dónde está mi pedido número 7100?")).contains("7100");
        assertThat(tools.orderNumber("Où est ma commande n° 8200 ?")).contains("8200");
        assertThat(tools.orderNumber("Wo ist meine Bestellung Nr. 9300?")).contains("9300");
        assertThat(tools.orderNumber("Bestellnummer: 9301")).contains("9301");
        assertThat(tools.orderNumber("I ordered 3 chairs")).isEmpty();
        assertThat(tools.orderNumber("my order is late")).isEmpty();
    }

    @Test
    void aSenderTheChannelCouldNotVouchForIsToldNoOrderAndTheSystemIsNotAsked() {
        when(customers.find("c-1")).thenReturn(Optional.of(Customer.unverifiedSender("c-1",
                new Address("email", "alice@customer.example"), "no DMARC", Instant.now())));

        var answer = tools.order("c-1", "4711");

        assertThat(answer).isInstanceOf(OrderTools.Refused.class);
        assertThat(((OrderTools.Refused) answer).reason()).contains("verified");
        assertThat(lookups).hasValue(0);
        assertThat(tools.order(null, "4711")).isInstanceOf(OrderTools.Refused.class);
    }
}
