package io.switchboard.customer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.system.KeyByKeyMapStore;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes customer profiles through to the {@code customer} table. Profiles active within the
 * preload window are loaded when the member starts; older ones load when first asked for.
 */
class CustomerStore implements KeyByKeyMapStore<String, Customer> {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final Clock clock;
    private final Duration preloadWindow;

    CustomerStore(JdbcTemplate jdbc, ObjectMapper json, Clock clock, Duration preloadWindow) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.preloadWindow = preloadWindow;
    }

    @Override
    public void store(String id, Customer customer) {
        String data = write(customer);
        Timestamp updated = Timestamp.from(customer.updatedAt());
        if (jdbc.update("update customer set merged_into = ?, updated_at = ?, data = ? where id = ?",
                customer.mergedInto(), updated, data, id) == 0) {
            jdbc.update("insert into customer (id, merged_into, updated_at, data) values (?, ?, ?, ?)",
                    id, customer.mergedInto(), updated, data);
        }
    }


    @Override
    public void delete(String id) {
        jdbc.update("delete from customer where id = ?", id);
    }


    @Override
    public Customer load(String id) {
        List<String> rows = jdbc.queryForList("select data from customer where id = ?", String.class, id);
        return rows.isEmpty() ? null : read(rows.get(0));
    }


    @Override
    public Iterable<String> loadAllKeys() {
        return jdbc.queryForList("select id from customer where updated_at > ?", String.class,
                Timestamp.from(clock.instant().minus(preloadWindow)));
    }

    private String write(Customer customer) {
        try {
            return json.writeValueAsString(customer);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write customer " + customer.id(), e);
        }
    }

    private Customer read(String data) {
        try {
            return json.readValue(data, Customer.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read a stored customer", e);
        }
    }
}
