package io.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.switchboard.support.AgentApi;
import io.switchboard.support.Browser;
import io.switchboard.support.BrowserTest;
import io.switchboard.support.MailClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.test.context.ActiveProfiles;

/** An agent opens a hostile HTML mail in a real browser: it shows, and nothing in it runs. */
@BrowserTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class EmailHtmlBrowserTest {

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    @Test
    void scriptsAndEventHandlersInAMailNeverRunOnTheAgentsPage() throws Exception {
        var mail = MailClient.of(environment);
        String support = environment.getRequiredProperty("switchboard.email.address");
        String sender = "hal-" + UUID.randomUUID().toString().substring(0, 8) + "@customer.example";
        mail.sendRaw(sender, support, ("From: " + sender + "\nTo: " + support + "\nSubject: please look\n"
                + "Message-ID: <" + UUID.randomUUID() + "@customer.example>\nMIME-Version: 1.0\n"
                + "Content-Type: text/html; charset=UTF-8\n\n" + HtmlMail.HOSTILE).replace("\n", "\r\n"));
        var api = AgentApi.asAgent(port);
        String conversation = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            var found = api.get("/api/v1/customers?address=email:" + sender);
            return found.status() == 200 ? found.json().path("customer").path("currentConversationId").asText(null) : null;
        }, id -> id != null && !api.get("/api/v1/conversations/" + id).json().path("turns").path(0).path("metadata")
                .path("original").isMissingNode());
        String original = api.get("/api/v1/conversations/" + conversation).json().path("turns").path(0)
                .path("metadata").path("original").asText();

        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + original + "/html")).header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString("agent:agent".getBytes(StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.headers().firstValue("Content-Security-Policy")).get().asString().startsWith("sandbox");
        assertThat(response.body()).doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase("onerror");

        try (var browser = new Browser()) {
            var driver = browser.driver();
            driver.get("http://localhost:" + port + "/inbox/");
            browser.waiting().until(ExpectedConditions.attributeToBe(By.id("login-form"), "data-ready", "true"));
            driver.findElement(By.id("username")).sendKeys("agent");
            driver.findElement(By.id("password")).sendKeys("agent");
            driver.findElement(By.id("sign-in")).click();
            By item = By.cssSelector(".item[data-id='" + conversation + "']");
            browser.waiting().until(ExpectedConditions.elementToBeClickable(item)).click();
            browser.waiting().until(ExpectedConditions.elementToBeClickable(By.cssSelector("#timeline .turn__original summary")))
                    .click();
            browser.waiting().until(d -> d.findElements(By.cssSelector("#timeline .turn__original .turn__html b")).stream()
                    .anyMatch(b -> b.getText().equals("help")));
            var page = (JavascriptExecutor) driver;
            assertThat(driver.getTitle()).isNotEqualTo("pwned");
            assertThat(page.executeScript("return document.querySelectorAll('#timeline script, #timeline iframe, "
                    + "#timeline form, #timeline input, #timeline img, #timeline [onerror], #timeline [onclick], "
                    + "#timeline a[href^=javascript]').length")).isEqualTo(0L);
            assertThatThrownBy(() -> driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
            browser.screenshot("email-html");
        }
    }
}
