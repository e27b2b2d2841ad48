package io.switchboard.oversight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.support.AgentApi;
import io.switchboard.support.Browser;
import io.switchboard.support.BrowserTest;
import io.switchboard.support.Inbound;
import io.switchboard.support.InboxTeam;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The review of the AI's answers in a real headless Chromium: a reviewer signs in and lands on the
 * review page, opens the answer the AI gave, sees the customer's question and the knowledge, grades it
 * wrong with a note; a supervisor then finds the audited accuracy and the knowledge gap on their view.
 */
@BrowserTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "switchboard.routing.mode=automatic")
@ActiveProfiles("test")
class ReviewPageBrowserTest {

    static final String QUESTION = "How do I return an item that does not fit?";

    @LocalServerPort
    int port;

    @Autowired
    ProducerTemplate producer;

    @Test
    void aReviewerGradesAnAnswerAndTheSupervisorSeesWhatItChanged() {
        String marker = UUID.randomUUID().toString().substring(0, 8);
        String conversation = new Inbound(producer).record("email", "<" + marker + "@customer.example>",
                "review-" + marker + "@customer.example", QUESTION);
        var supervisor = AgentApi.asSupervisor(port);
        await().atMost(Duration.ofSeconds(30)).until(() -> supervisor.get("/api/v1/ai/audits").json()
                .findValuesAsText("conversationId").contains(conversation));
        String reviewer = "reviewer-" + marker;
        AgentApi.asAdmin(port).post("/api/v1/users", InboxTeam.write(Map.of("username", reviewer,
                "password", "reviewer-password-" + marker, "roles", List.of("reviewer"))));

        try (var browser = new Browser()) {
            WebDriver driver = browser.driver();
            driver.get("http://localhost:" + port + "/inbox/");
            browser.waiting().until(ExpectedConditions.attributeToBe(By.id("login-form"), "data-ready", "true"));
            driver.findElement(By.id("username")).sendKeys(reviewer);
            driver.findElement(By.id("password")).sendKeys("reviewer-password-" + marker);
            driver.findElement(By.id("sign-in")).click();
            browser.waiting().until(ExpectedConditions.urlContains("/inbox/review.html"));
            browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("review-who"), reviewer));

            browser.waiting().ignoring(StaleElementReferenceException.class)
                    .until(d -> !d.findElements(By.cssSelector("#pending button")).isEmpty());
            driver.findElement(By.cssSelector("#pending button")).click();
            browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("answer-question"),
                    QUESTION));
            assertThat(driver.findElement(By.id("answer-text")).getText()).containsIgnoringCase("return");
            assertThat(driver.findElements(By.cssSelector("#answer-passages details"))).isNotEmpty();
            driver.findElement(By.cssSelector("input[name=grade][value=wrong]")).click();
            driver.findElement(By.id("grade-note")).sendKeys("quoted the wrong return window");
            driver.findElement(By.cssSelector("#grade-form button[type=submit]")).click();
            browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("review-status"),
                    "Graded wrong"));

            // nothing else of the inbox is the reviewer's
            driver.get("http://localhost:" + port + "/inbox/");
            assertThat(driver.getPageSource()).doesNotContain("id=\"reply-text\"");
        }
        var graded = supervisor.get("/api/v1/ai/audits?graded=true").json();
        assertThat(graded.findValuesAsText("grade")).contains("wrong");
        assertThat(graded.findValuesAsText("note")).contains("quoted the wrong return window");

        try (var browser = new Browser()) {
            WebDriver driver = browser.driver();
            driver.get("http://localhost:" + port + "/inbox/");
            browser.waiting().until(ExpectedConditions.attributeToBe(By.id("login-form"), "data-ready", "true"));
            driver.findElement(By.id("username")).sendKeys("supervisor");
            driver.findElement(By.id("password")).sendKeys("supervisor");
            driver.findElement(By.id("sign-in")).click();
            browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("me"), "supervisor"));
            driver.findElement(By.id("view-supervisor")).click();
            browser.waiting().until(ExpectedConditions.attributeToBe(By.id("supervisor-view"), "data-loaded", "true"));
            assertThat(driver.findElement(By.cssSelector("#ai-table tr[data-intent='returns-refunds']")).getText())
                    .contains("0 %").contains("1)");
            assertThat(driver.findElement(By.id("gap-table")).getText()).contains(QUESTION);
        }
    }
}
