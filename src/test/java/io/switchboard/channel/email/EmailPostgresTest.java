package io.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.support.AgentApi;
import io.switchboard.support.Gateways;
import io.switchboard.support.MailClient;
import io.switchboard.support.PostgresTest;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** The e-mail channel on PostgreSQL: archive, attachments and threading queries on the production database. */
@PostgresTest
class EmailPostgresTest {

    final String schema = PostgresTest.Schemas.fresh();

    @AfterEach
    void dropSchema() throws Exception {
        PostgresTest.Schemas.drop(schema);
    }

    @Test
    void aMailWithAnAttachmentIsArchivedAnsweredAndTheAnswerFindsItsThreadOnPostgres() throws Exception {
        try (ConfigurableApplicationContext gateway = Gateways.startWithProfiles(new String[] {"test", "postgres"},
                "spring.datasource.url=" + PostgresTest.URL + "?currentSchema=" + schema,
                "spring.datasource.username=" + PostgresTest.USER,
                "spring.flyway.schemas=" + schema,
                "switchboard.cluster.name=pg-" + schema,
                "switchboard.security.users[0].username=ops",
                "switchboard.security.users[0].password=" + PostgresTest.OPS_PASSWORD,
                "switchboard.security.users[0].roles=agent",
                "switchboard.email.embedded-server.enabled=true",
                "switchboard.email.trusted-authserv-ids=mx.switchboard.test",
                "switchboard.email.imap.port=0", "switchboard.email.imap.ssl=false",
                "switchboard.email.smtp.port=0", "switchboard.email.smtp.starttls=false")) {
            var mail = MailClient.of(gateway.getEnvironment());
            var api = new AgentApi(Gateways.httpPort(gateway), "ops", "ops-password");
            String support = gateway.getEnvironment().getRequiredProperty("switchboard.email.address");
            String customer = "ida-" + UUID.randomUUID().toString().substring(0, 8) + "@customer.example";

            byte[] photo = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0, 1, 2, 3, 4};
            MimeMessage question = mail.compose(customer, support, "Scratched table", "");
            var text = new MimeBodyPart();
            text.setText("The table arrived scratched, photo attached.", "UTF-8");
            var attachment = new MimeBodyPart();
            attachment.setContent(photo, "image/jpeg");
            attachment.setFileName("scratch.jpg");
            question.setContent(new MimeMultipart(text, attachment));
            question.saveChanges();
            question.setHeader("Message-ID", "<" + UUID.randomUUID() + "@customer.example>");
            // what the receiving server the profile trusts writes on top of a mail it checked
            question.addHeader("Authentication-Results",
                    "mx.switchboard.test; dkim=pass header.d=customer.example; dmarc=pass header.from=customer.example");
            String questionId = mail.send(question);

            String conversation = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
                var found = api.get("/api/v1/customers?address=email:" + customer);
                return found.status() == 200 ? found.json().path("customer").path("currentConversationId").asText() : null;
            }, id -> id != null);
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    api.get("/api/v1/conversations/" + conversation).json().path("turns").size() == 1);
            JsonNode turn = api.get("/api/v1/conversations/" + conversation).json().path("turns").get(0);
            assertThat(turn.path("text").asText()).isEqualTo("The table arrived scratched, photo attached.");
            JsonNode ref = turn.path("attachments").get(0);
            assertThat(ref.path("name").asText()).isEqualTo("scratch.jpg");
            assertThat(ref.path("mediaType").asText()).isEqualTo("image/jpeg");
            assertThat(ref.path("size").asLong()).isEqualTo(photo.length);
            var download = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:"
                            + Gateways.httpPort(gateway) + ref.path("ref").asText())).header("Authorization", "Basic "
                            + Base64.getEncoder().encodeToString("ops:ops-password".getBytes(StandardCharsets.UTF_8))).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(download.body()).isEqualTo(photo);
            assertThat(download.headers().firstValue("Content-Disposition")).get().asString().startsWith("attachment");

            assertThat(api.post("/api/v1/conversations/" + conversation + "/replies",
                    AgentApi.json("text", "We will send a new one.")).status()).isEqualTo(202);
            MimeMessage reply = await().atMost(Duration.ofSeconds(30))
                    .until(() -> mail.read(customer, customer, "INBOX"), list -> list.size() == 1).get(0);
            assertThat(reply.getHeader("In-Reply-To", null)).isEqualTo(questionId);

            assertThat(api.post("/api/v1/conversations/" + conversation + "/resolve", "").status()).isEqualTo(200);
            MimeMessage thanks = mail.compose(customer, support, "Delivery date?", "When will it come?");
            thanks.setHeader("In-Reply-To", reply.getMessageID());
            mail.send(thanks);
            // resolving sends a satisfaction survey (a turn of its own): wait for the customer's answer itself
            await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/v1/conversations/" + conversation)
                    .json().path("turns").findValuesAsText("text").contains("When will it come?"));
            assertThat(api.get("/api/v1/conversations/" + conversation).json().path("status").asText())
                    .as("reopened by the answer to our reply").isNotEqualTo("resolved");
        }
    }
}
