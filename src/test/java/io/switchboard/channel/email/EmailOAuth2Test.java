package io.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.switchboard.support.AgentApi;
import io.switchboard.support.Gateways;
import io.switchboard.support.MailClient;
import io.switchboard.support.RecordingRelay;
import io.switchboard.support.TokenEndpoint;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Microsoft 365 and Google Workspace accept only OAuth2 (SASL XOAUTH2) for IMAP and SMTP: the gateway
 * against GreenMail, which takes the user's password as the only valid access token, and a stand-in
 * token endpoint that sets that password each time it issues a token (older tokens stop working, as
 * expired ones do). Tokens live 3 s and are renewed 3 s before they run out, i.e. at every login.
 */
class EmailOAuth2Test {

    static final String SUPPORT = "support@oauth.example";

    @Test
    void theGatewayLogsInWithXoauth2AndAReplyWaitsOutATokenThatCannotBeRenewed() throws Exception {
        var server = new GreenMail(new ServerSetup[] {
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
        server.start();
        GreenMailUser mailbox = server.setUser(SUPPORT, SUPPORT, "no-token-yet");
        try (var tokens = new TokenEndpoint(3, mailbox::setPassword);
             var imap = new RecordingRelay(server.getImap().getPort());
             var smtp = new RecordingRelay(server.getSmtp().getPort());
             ConfigurableApplicationContext gateway = Gateways.start(
                     "switchboard.email.embedded-server.enabled=false",
                     "switchboard.email.address=" + SUPPORT,
                     "switchboard.email.auth=oauth2",
                     "switchboard.email.oauth2.token-uri=" + tokens.uri(),
                     "switchboard.email.oauth2.client-id=" + TokenEndpoint.CLIENT_ID,
                     "switchboard.email.oauth2.client-secret=" + TokenEndpoint.CLIENT_SECRET,
                     "switchboard.email.oauth2.scopes=https://outlook.office365.com/.default",
                     // at least the tokens' life: every login asks the endpoint, so a revoked token is never reused
                     "switchboard.email.oauth2.refresh-before=3s",
                     "switchboard.email.imap.port=" + imap.port(), "switchboard.email.imap.username=" + SUPPORT,
                     "switchboard.email.smtp.port=" + smtp.port(), "switchboard.email.smtp.username=" + SUPPORT,
                     "switchboard.delivery.outbox.initial-backoff=300ms", "switchboard.delivery.outbox.max-backoff=1s",
                     "switchboard.delivery.outbox.max-attempts=100")) {
            var mail = new MailClient("127.0.0.1", server.getSmtp().getPort(), server.getImap().getPort());
            var api = AgentApi.asAgent(Gateways.httpPort(gateway));
            String customer = "olu-" + UUID.randomUUID().toString().substring(0, 8) + "@customer.example";
            mail.send(mail.compose(customer, SUPPORT, "Login trouble", "I cannot sign in to my account."));
            String conversation = await().atMost(Duration.ofSeconds(20)).until(() -> conversationOf(api, customer),
                    id -> id != null);
            assertThat(imap.commands("AUTHENTICATE XOAUTH2.*")).as("IMAP login by SASL XOAUTH2").isPositive();
            assertThat(imap.commands("LOGIN.*")).as("never a password login").isZero();
            assertThat(tokens.requests()).allSatisfy(form -> assertThat(form)
                    .containsEntry("grant_type", "client_credentials").containsEntry("client_id", TokenEndpoint.CLIENT_ID));

            reply(api, conversation, "Here is a link to reset it.");
            await().atMost(Duration.ofSeconds(20)).until(() -> mail.read(customer, customer, "INBOX").size() == 1);
            assertThat(smtp.commands("AUTH XOAUTH2.*")).as("SMTP login by SASL XOAUTH2").isPositive();

            // the token endpoint fails and the last token runs out: the next reply cannot log in
            tokens.down(true);
            mailbox.setPassword("revoked");
            reply(api, conversation, "Did the link work?");
            int refused = tokens.requests().size();
            await().atMost(Duration.ofSeconds(10)).until(() -> tokens.requests().size() >= refused + 3);
            assertThat(mail.read(customer, customer, "INBOX")).as("not sent without a login").hasSize(1);
            JsonNode waiting = api.get("/api/v1/conversations/" + conversation).json().path("turns").get(2);
            assertThat(waiting.path("delivery").path("status").asText()).as("still queued, not given up")
                    .isNotIn("failed", "sent");

            tokens.down(false);
            List<MimeMessage> received = await().atMost(Duration.ofSeconds(20))
                    .until(() -> mail.read(customer, customer, "INBOX"), list -> list.size() == 2);
            assertThat(received).extracting(m -> MailText.of(m).strip())
                    .containsExactly("Here is a link to reset it.", "Did the link work?");
            await("sent once").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                    .until(() -> mail.read(customer, customer, "INBOX").size() == 2);
        } finally {
            server.stop();
        }
    }

    private static void reply(AgentApi api, String conversation, String text) {
        assertThat(api.post("/api/v1/conversations/" + conversation + "/replies", AgentApi.json("text", text)).status())
                .isEqualTo(202);
    }

    private static String conversationOf(AgentApi api, String address) {
        var found = api.get("/api/v1/customers?address=email:" + address);
        return found.status() == 200 ? found.json().path("customer").path("currentConversationId").asText() : null;
    }
}
