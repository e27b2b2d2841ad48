package io.switchboard.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.conversation.ConversationMemory;
import io.switchboard.conversation.Decision;
import io.switchboard.support.AgentApi;
import io.switchboard.support.Browser;
import io.switchboard.support.BrowserTest;
import io.switchboard.support.ChatClient;
import io.switchboard.support.HostileInput;
import io.switchboard.support.InboxTeam;
import io.switchboard.support.Inbound;
import io.switchboard.support.MailClient;
import io.switchboard.support.TwilioGatewayTest;
import io.switchboard.support.TwilioStub;
import io.switchboard.support.TwilioWebhookClient;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

/**
 * Script and HTML in every field a sender controls that reaches the inbox (chat text, an SMS, an
 * e-mail's sender name, subject, text, HTML and attachment name, a transcript's speaker and words) and
 * in an agent's reply shown on the chat page, each sent over its real protocol and opened in a real
 * headless Chromium. Each payload tags what it would inject with
 * {@code data-xss} and would set {@code window.__xss}: neither may happen, no dialog may open, and
 * the payload must be on the page as the text it is.
 */
@Tag("hostile-input")
@BrowserTest
class InboxScriptInjectionBrowserTest extends TwilioGatewayTest {

    final HostileInput cases = HostileInput.on("inbox");

    @Autowired
    ConversationMemory memory;

    @Autowired
    Environment environment;

    static String payload(String field) {
        return "<img src=x data-xss=\"" + field + "\" onerror=\"window.__xss='" + field + "';alert(1)\">"
                + "<script>window.__xss='" + field + "';alert(2)</script><b data-xss=\"" + field + "\">" + field + "</b>";
    }

    @Test
    void noPayloadRunsOrTakesShapeAnywhereAnAgentOrVisitorLooks() throws Exception {
        var team = new InboxTeam(port);
        String queue = team.queue("xss", "PT10M");
        String agent = team.agent("xena", 5, queue);
        var conversations = new LinkedHashMap<String, String>();

        try (var visitor = ChatClient.connect(port)) {
            String visitorId = visitor.hello(null).path("visitor").asText();
            visitor.say("x-1", payload("chat-text"));
            conversations.put("chat message text", AgentApi.asSupervisor(port).currentConversationOf("chat:" + visitorId));
        }
        String texter = TwilioWebhookClient.freshNumber();
        assertThat(webhooks().post("/webhooks/twilio/sms", TwilioWebhookClient.sms(TwilioWebhookClient.messageSid(),
                texter, payload("sms-text"))).status()).isEqualTo(200);
        conversations.put("SMS text", agent().currentConversationOf("sms:" + texter));
        String caller = TwilioWebhookClient.freshNumber();
        String transcript = InboxTeam.write(Map.of("callId", "CA" + UUID.randomUUID().toString().replace("-", ""),
                "from", caller, "to", TwilioStub.FROM, "final", true, "segments", java.util.List.of(
                        Map.of("seq", 0, "speaker", "customer", "text", payload("transcript-text")),
                        // a speaker's name is at most 64 characters
                        Map.of("seq", 1, "speaker", "<img src=x data-xss=\"speaker\" onerror=\"alert(1)\">",
                                "text", "An answer."))));
        assertThat(signedTranscript(transcript)).isEqualTo(202);
        conversations.put("transcript speaker and words", agent().currentConversationOf("voice:" + caller));
        String mailer = "xss-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        MailClient.of(environment).send(hostileMail(mailer));
        conversations.put("e-mail sender name, subject, text, HTML and attachment name", await()
                .atMost(Duration.ofSeconds(20)).until(() -> {
                    var found = AgentApi.asSupervisor(port).get("/api/v1/customers?address=email:" + mailer);
                    return found.status() == 200 ? found.json().path("customer").path("currentConversationId").asText()
                            : null;
                }, id -> id != null));
        for (String conversation : conversations.values()) {
            Inbound.awaitDecided(memory, conversation);
            memory.queue(conversation, queue, new Decision(Instant.now(), "human-queue", queue, "test", Map.of()));
        }

        try (var browser = new Browser()) {
            WebDriver driver = browser.driver();
            driver.get("http://localhost:" + port + "/inbox/");
            browser.waiting().until(ExpectedConditions.attributeToBe(By.id("login-form"), "data-ready", "true"));
            driver.findElement(By.id("username")).sendKeys(agent);
            driver.findElement(By.id("password")).sendKeys(InboxTeam.password(agent));
            driver.findElement(By.id("sign-in")).click();
            browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("me"), agent));
            for (var entry : conversations.entrySet()) {
                By item = By.cssSelector(".item[data-id='" + entry.getValue() + "']");
                browser.waiting().ignoring(StaleElementReferenceException.class)
                        .until(ExpectedConditions.elementToBeClickable(item)).click();
                browser.waiting().until(d -> !d.findElements(By.cssSelector("#timeline .turn[data-author=customer]")).isEmpty());
                for (var original : driver.findElements(By.cssSelector("#timeline details.turn__original"))) {
                    original.click();
                    browser.waiting().until(d -> original.getAttribute("data-loaded") != null
                            && !original.getText().contains("Loading"));
                }
                String shown = (String) js(driver, "return document.getElementById('timeline').textContent");
                cases.accepted(entry.getKey() + " with script and HTML, shown in the inbox",
                        memory.require(entry.getValue()).visibleTurns().size() == turnsSent(entry.getKey()) ? 1 : 2,
                        nothingRan(driver) && shown.contains("<script>window.__xss="));
            }
            browser.screenshot("hostile-inbox");

            driver.get("http://localhost:" + port + "/chat/");
            browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("chat-status"), "Connected"));
            driver.findElement(By.id("chat-input")).sendKeys("Hello from the page");
            driver.findElement(By.id("chat-send")).click();
            browser.waiting().until(d -> d.findElements(By.cssSelector("#chat-log [data-seq]")).size() == 1);
            String visitor = driver.findElement(By.id("chat-log")).getAttribute("data-visitor");
            var supervisor = AgentApi.asSupervisor(port);
            String conversation = supervisor.currentConversationOf("chat:" + visitor);
            assertThat(supervisor.post("/api/v1/conversations/" + conversation + "/replies",
                    AgentApi.json("text", payload("agent-reply"))).status()).isEqualTo(202);
            browser.waiting().until(d -> d.findElements(By.cssSelector("#chat-log .chat__turn--agent")).size() == 1);
            cases.accepted("an agent's reply with script and HTML, shown on the chat page", 1, nothingRan(driver)
                    && driver.findElement(By.cssSelector("#chat-log .chat__turn--agent .chat__text")).getText()
                    .equals(payload("agent-reply")));
        }
    }

    /** What each case sent: one message, but the transcript's two lines (the caller's and the speaker's). */
    private static int turnsSent(String name) {
        return name.startsWith("transcript") ? 2 : 1;
    }

    /** No dialog, no script of a payload ran, nothing of its markup became part of the page. */
    private static boolean nothingRan(WebDriver driver) {
        try {
            driver.switchTo().alert();
            return false;
        } catch (NoAlertPresentException expected) {
            // no dialog
        }
        return Boolean.TRUE.equals(js(driver, "return window.__xss === undefined"))
                && ((Number) js(driver, "return document.querySelectorAll('[data-xss]').length")).intValue() == 0
                && ((Number) js(driver, "return document.querySelectorAll('img[src*=\"tracker\"]').length")).intValue() == 0;
    }

    /** Posts a transcript signed as the transcript webhook asks, computed here from its description. */
    private int signedTranscript(String body) throws Exception {
        long now = System.currentTimeMillis() / 1000;
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(TRANSCRIPT_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = "sha256=" + HexFormat.of().formatHex(mac.doFinal((now + "." + body)
                .getBytes(StandardCharsets.UTF_8)));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/webhooks/voice/transcripts")).header("Content-Type", "application/json")
                .header("X-Switchboard-Timestamp", Long.toString(now)).header("X-Switchboard-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static Object js(WebDriver driver, String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    private MimeMessage hostileMail(String from) throws Exception {
        MimeMessage message = MailClient.of(environment).compose(from,
                environment.getRequiredProperty("switchboard.email.address"), payload("mail-subject"),
                payload("mail-text"), "<p>Hello</p>" + payload("mail-html") + "<img src=\"https://tracker.example/open.gif\">"
                        + "<a href=\"javascript:window.__xss='mail-link'\" data-xss=\"mail-link\">click</a>",
                "<img src=x data-xss=\"mail-file\" onerror=\"window.__xss=1\">.pdf", new byte[] {1, 2, 3});
        message.setFrom(new InternetAddress(from, payload("mail-sender-name"), "UTF-8"));
        return message;
    }
}
