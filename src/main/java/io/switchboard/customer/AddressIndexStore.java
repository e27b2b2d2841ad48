package io.switchboard.customer;

import io.switchboard.system.KeyByKeyMapStore;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/** Writes the address index ({@code channel:value} to customer id) through to {@code customer_address}. */
class AddressIndexStore implements KeyByKeyMapStore<String, String> {

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Duration preloadWindow;

    AddressIndexStore(JdbcTemplate jdbc, Clock clock, Duration preloadWindow) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.preloadWindow = preloadWindow;
    }

    @Override
    public void store(String address, String customerId) {
        Timestamp now = Timestamp.from(clock.instant());
        if (jdbc.update("update customer_address set customer_id = ?, updated_at = ? where address = ?",
                customerId, now, address) == 0) {
            jdbc.update("insert into customer_address (address, customer_id, updated_at) values (?, ?, ?)",
                    address, customerId, now);
        }
    }


    @Override
    public void delete(String address) {
        jdbc.update("delete from customer_address where address = ?", address);
    }


    @Override
    public String load(String address) {
        List<String> rows = jdbc.queryForList("select customer_id from customer_address where address = ?",
                String.class, address);
        return rows.isEmpty() ? null : rows.get(0);
    }


    @Override
    public Iterable<String> loadAllKeys() {
        return jdbc.queryForList("""
                select a.address from customer_address a join customer c on c.id = a.customer_id
                where c.updated_at > ?""", String.class, Timestamp.from(clock.instant().minus(preloadWindow)));
    }
}
