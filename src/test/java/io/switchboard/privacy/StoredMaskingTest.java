package io.switchboard.privacy;

import static io.switchboard.support.TwilioWebhookClient.messageSid;
import static io.switchboard.support.TwilioWebhookClient.sms;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.support.TwilioGatewayTest;
import io.switchboard.support.TwilioWebhookClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** A card number a customer texts is stored masked: the inbox, the database and the search index hold the masked form. */
class StoredMaskingTest extends TwilioGatewayTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aCardNumberIsMaskedBeforeItsTurnIsStoredWhileThePhoneNumberAgentsSearchStays() {
        String from = TwilioWebhookClient.freshNumber();
        String text = "Charged twice on 4111 1111 1111 1111, call me on +1 415 555 0199 about order 5521";
        assertThat(webhooks().post("/webhooks/twilio/sms", sms(messageSid(), from, text)).status()).isEqualTo(200);
        String conversation = agent().currentConversationOf("sms:" + from);

        JsonNode turn = agent().get("/api/v1/conversations/" + conversation).json().path("turns").get(0);
        assertThat(turn.path("text").asText())
                .isEqualTo("Charged twice on [card ****1111], call me on +1 415 555 0199 about order 5521");
        assertThat(jdbc.queryForObject("select count(*) from turn where conversation_id = ? and data like ?",
                Integer.class, conversation, "%4111 1111%")).isZero();
        assertThat(jdbc.queryForObject("select count(*) from turn where conversation_id = ? and data like ?",
                Integer.class, conversation, "%[card ****1111]%")).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from search_term where conversation_id = ? and term like ?",
                Integer.class, conversation, "4111%")).isZero();
    }
}
