package io.switchboard.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.conversation.Author;
import io.switchboard.conversation.ConversationMemory;
import io.switchboard.conversation.Decision;
import io.switchboard.support.AgentApi;
import io.switchboard.support.Browser;
import io.switchboard.support.BrowserTest;
import io.switchboard.support.ChatClient;
import io.switchboard.support.InboxTeam;
import io.switchboard.support.Inbound;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** The inbox page in a real headless Chromium, at 1280x800. */
@BrowserTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        // an e-mail provider that carries only short texts, so the composer's limit shows; a short notification
        // template, and no quiet hours, so one goes out whatever the time of day the test runs at
        properties = {"switchboard.channels.capabilities.email.max-text-length=50",
                "switchboard.notifications.templates.shipped.default.en=Order {{order}} has shipped.",
                "switchboard.notifications.quiet-start=00:00", "switchboard.notifications.quiet-end=00:00"})
@ActiveProfiles("test")
class InboxPageBrowserTest {

    static final String HOSTILE = "My invoice is wrong <img src=x onerror=alert(1)> <script>alert(2)</script>";

    @LocalServerPort
    int port;

    @Autowired
    ProducerTemplate producer;

    @Autowired
    ConversationMemory memory;

    @Test
    void anAgentWorksAConversationThatMovedFromChatToEmailAndAnotherQueuesAgentNeverSeesIt() {
        var team = new InboxTeam(port);
        String billing = team.queue("billing", "PT10M");
        String sales = team.queue("sales", "PT10M");
        String ann = team.agent("ann", 3, billing);
        String bob = team.agent("bob", 3, sales);
        String email = "dana-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        try (var visitor = ChatClient.connect(port); var browser = new Browser()) {
            String visitorId = visitor.hello(null).path("visitor").asText();
            visitor.say("page-1", HOSTILE);
            var supervisor = AgentApi.asSupervisor(port);
            String conversation = supervisor.currentConversationOf("chat:" + visitorId);
            String customer = supervisor.get("/api/v1/conversations/" + conversation).json().path("customerId").asText();
            supervisor.post("/api/v1/customers/" + customer + "/addresses", AgentApi.json("address", "email:" + email,
                    "evidence", "confirmed in chat"));
            assertThat(new Inbound(producer).record("email", "<" + UUID.randomUUID() + "@mail>", email,
                    "Attached the invoice, number 2024-118.")).isEqualTo(conversation);
            // what the e-mail connector records for an HTML mail: the text, and the HTML as sent
            memory.recordNote(conversation, new ConversationMemory.Draft(Author.CUSTOMER, null, "email", "email:" + email,
                    "Total should be 80 EUR", "Re: invoice", false, Map.of("html",
                            "<p>Total should be <b>80 EUR</b></p><img src=x onerror=alert(3)><script>alert(4)</script>")));
            Inbound.awaitDecided(memory, conversation);
            memory.queue(conversation, billing, new Decision(Instant.now(), "human-queue", billing,
                    "billing dispute goes to a person", Map.of("rule", "escalation-topic", "intent", "billing")));
            memory.recordNote(conversation, new ConversationMemory.Draft(Author.AI, "assistant", null, null,
                    "Customer disputes invoice 2024-118 (charged 95 EUR, expects 80 EUR). Tried: explained the line items.",
                    null, true, Map.of("kind", "handoff")));

            WebDriver driver = browser.driver();
            signIn(browser, ann);
            By item = By.cssSelector(".item[data-id='" + conversation + "']");
            browser.waiting().until(ExpectedConditions.elementToBeClickable(item)).click();
            browser.waiting().until(d -> d.findElements(By.cssSelector("#timeline .turn[data-author=customer]")).size() == 3);
            assertThat(texts(browser, "#timeline .turn[data-author=customer] .badge"))
                    .extracting(String::toLowerCase).containsExactly("chat", "email", "email");
            assertThat(texts(browser, "#handoff-notes"))
                    .anySatisfy(t -> assertThat(t).contains("Customer disputes invoice 2024-118 (charged 95 EUR, expects 80 EUR)"));
            assertThat(texts(browser, "#timeline .turn[data-author=customer] .turn__text").get(0)).isEqualTo(HOSTILE);
            assertThat(texts(browser, "#timeline .turn__html b")).containsExactly("80 EUR");
            assertThat(driver.findElements(By.cssSelector("#timeline img, #timeline script"))).isEmpty();
            assertThatThrownBy(() -> driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);

            driver.findElement(By.id("pick")).click();
            browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("conversation-state"),
                    "with " + ann));
            // now hers, the handoff note asks whether it had what she needed: not the order facts, and she asked again
            By rating = By.cssSelector("#handoff-notes form.handoff__rating");
            browser.waiting().until(ExpectedConditions.presenceOfElementLocated(rating));
            browser.waiting().ignoring(StaleElementReferenceException.class).until(d -> {
                WebElement form = d.findElement(rating);
                form.findElement(By.cssSelector("input[name^=useful-][value=no]")).click();
                form.findElement(By.cssSelector("input[name^=missing-][value=order-or-account]")).click();
                form.findElement(By.cssSelector("input[name^=asked-][value=yes]")).click();
                form.findElement(By.cssSelector("button[type=submit]")).click();
                return true;
            });
            browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("handoff-notes"),
                    "Thank you: noted."));
            var handoffs = AgentApi.asSupervisor(port).get("/api/v1/kpis?window=day").json().path("handoffs");
            assertThat(handoffs.path("byQueue").path(billing).path("askedAgain").asInt()).isEqualTo(1);
            assertThat(handoffs.path("byQueue").path(billing).path("missing").path("order-or-account").asInt())
                    .isEqualTo(1);
            // on the customer's word, the agent records their consent to marketing mail in the customer panel
            By marketing = By.cssSelector("#customer-consent li[data-address='email:" + email
                    + "'][data-purpose='marketing']");
            browser.waiting().until(ExpectedConditions.attributeToBe(marketing, "data-granted", "false"));
            // the panel is drawn again on live updates: the button found a moment ago may be gone
            browser.waiting().ignoring(StaleElementReferenceException.class).until(d -> {
                d.findElement(marketing).findElement(By.tagName("button")).click();
                return true;
            });
            browser.waiting().ignoring(StaleElementReferenceException.class)
                    .until(ExpectedConditions.attributeToBe(marketing, "data-granted", "true"));
            assertThat(texts(browser, "#customer-consent li[data-address='email:" + email
                    + "'][data-purpose='marketing']")).singleElement().asString().contains("marketing: given (agent " + ann);
            // the company's order system tells the customer their order shipped: the agent sees it on the timeline
            var shipped = AgentApi.asAdmin(port).post("/api/v1/notifications", InboxTeam.write(Map.of("customerId",
                    customer, "template", "shipped", "variables", Map.of("order", "2024-118"),
                    "idempotencyKey", "shipped-" + conversation)));
            assertThat(shipped.json().path("state").asText()).as(shipped.body()).isEqualTo("SENT");
            By notice = By.cssSelector("#timeline .turn[data-kind=notification]");
            browser.waiting().ignoring(StaleElementReferenceException.class)
                    .until(d -> d.findElements(notice).size() == 1);
            assertThat(texts(browser, "#timeline .turn[data-kind=notification] .tag"))
                    .containsExactly("Notification · notifications · shipped");
            assertThat(texts(browser, "#timeline .turn[data-kind=notification] .turn__text"))
                    .containsExactly("Order 2024-118 has shipped.");
            // the customer's last message came by e-mail, which here carries 50 characters: the composer says so
            browser.waiting().until(d -> !d.findElements(By.cssSelector("#reply-channel option[value=chat]")).isEmpty());
            var draft = driver.findElement(By.id("reply-text"));
            draft.sendKeys("We are correcting invoice 2024-118 now, and the next one too.");
            browser.waiting().until(ExpectedConditions.attributeToBe(By.id("reply-limit"), "data-over", "true"));
            assertThat(driver.findElement(By.id("reply-limit")).getText())
                    .isEqualTo("61 / 50 characters on email: too long for email, shorten it or send on another channel");
            draft.clear();
            draft.sendKeys(Keys.SPACE, Keys.BACK_SPACE);
            // the agent answers in the chat they still have open, which carries any length
            browser.waiting().ignoring(StaleElementReferenceException.class).until(d -> {
                new Select(d.findElement(By.id("reply-channel"))).selectByValue("chat");
                return "chat".equals(d.findElement(By.id("reply-channel")).getDomProperty("value"));
            });
            assertThat(driver.findElement(By.id("reply-limit")).getText()).isEmpty();
            var reply = driver.findElement(By.id("reply-text"));
            reply.sendKeys("We are correcting invoice 2024-118 now.");
            reply.sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER));
            assertThat(visitor.next("message").path("turn").path("text").asText())
                    .isEqualTo("We are correcting invoice 2024-118 now.");
            // the timeline is redrawn on every live update: an element found a moment ago may be gone
            browser.waiting().ignoring(StaleElementReferenceException.class).until(ExpectedConditions.attributeToBe(
                    By.cssSelector("#timeline .turn[data-author=agent] .delivery"), "data-status", "delivered"));
            assertThat(texts(browser, "#timeline .turn[data-author=agent] .turn__to")).as("the exact recipient")
                    .containsExactly("To " + visitorId);
            browser.screenshot("inbox");

            reply = driver.findElement(By.id("reply-text"));
            reply.sendKeys("A corrected invoice is on its way");
            driver.manage().deleteCookieNamed("JSESSIONID");
            driver.findElement(By.id("send")).click();
            browser.waiting().until(ExpectedConditions.urlContains("/inbox/login?expired"));
            assertThat(driver.findElement(By.id("login-message")).getText()).contains("unsent reply is kept");
            signIn(browser, ann);
            browser.waiting().until(ExpectedConditions.attributeToBe(By.id("reply-text"), "value",
                    "A corrected invoice is on its way"));

            signOut(browser);
            signIn(browser, bob);
            browser.waiting().until(d -> !d.findElements(By.cssSelector("#queues ul[data-queue='" + sales + "']")).isEmpty());
            assertThat(driver.findElements(item)).as("not bob's queue").isEmpty();
            assertThat(driver.findElements(By.cssSelector("#queues ul[data-queue='" + billing + "']"))).isEmpty();
            assertThat(team.as(bob).get("/api/v1/conversations/" + conversation).status()).isEqualTo(403);

            signOut(browser);
            signIn(browser, "supervisor");
            driver.findElement(By.id("view-supervisor")).click();
            browser.waiting().until(ExpectedConditions.attributeToBe(By.id("supervisor-view"), "data-loaded", "true"));
            assertThat(driver.findElements(By.cssSelector("#kpi-cards .card"))).hasSizeGreaterThan(8);
            assertThat(texts(browser, "#kpi-cards .card[data-notifications=notifications] dd"))
                    .as("sent / waiting / skipped / expired").containsExactly("1 / 0 / 0 / 0");
            assertThat(driver.findElements(By.cssSelector("#queue-table tr[data-queue='" + billing + "']"))).hasSize(1);
            assertThat(driver.findElements(By.cssSelector("#chart-channel svg rect"))).isNotEmpty();
            browser.screenshot("supervisor");
        }
    }

    @Test
    void aVisitorRatesTheHelpWithOneClickInTheChatWidget() {
        var team = new InboxTeam(port);
        String queue = team.queue("rated", "PT10M");
        var ann = team.as(team.agent("ann", 3, queue));
        try (var browser = new Browser()) {
            WebDriver driver = browser.driver();
            driver.get("http://localhost:" + port + "/chat/");
            browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("chat-status"), "Connected"));
            driver.findElement(By.id("chat-input")).sendKeys("Is the shop open on Sunday?", Keys.ENTER);
            browser.waiting().until(d -> !d.findElements(By.cssSelector("li[data-author=customer][data-seq]")).isEmpty());
            String visitor = driver.findElement(By.id("chat-log")).getAttribute("data-visitor");
            String conversation = AgentApi.asSupervisor(port).currentConversationOf("chat:" + visitor);
            Inbound.awaitDecided(memory, conversation);
            memory.queue(conversation, queue, new Decision(Instant.now(), "human-queue", queue, "test routing", Map.of()));
            ann.post("/api/v1/conversations/" + conversation + "/pick", "");
            ann.post("/api/v1/conversations/" + conversation + "/replies", AgentApi.json("text", "Yes, 10 to 4."));
            ann.post("/api/v1/conversations/" + conversation + "/resolve", "");

            browser.waiting().until(ExpectedConditions.elementToBeClickable(By.cssSelector(".chat__rating button[data-score='5']")))
                    .click();
            browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.className("chat__rating"),
                    "You rated our help 5 out of 5"));
            browser.waiting().until(d -> ann.get("/api/v1/conversations/" + conversation).json().path("inbox").path("csat")
                    .path(0).path("score").asInt() == 5);
            assertThat(ann.get("/api/v1/conversations/" + conversation).json().path("status").asText()).isEqualTo("resolved");
            driver.navigate().refresh();
            browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("chat-status"), "Connected"));
            browser.waiting().until(d -> d.findElements(By.cssSelector("#chat-log li")).size() == 3);
            assertThat(driver.findElements(By.cssSelector(".chat__rating button"))).as("rated once").isEmpty();
        }
    }

    @Test
    void anAgentSearchesAndOpensAConversationWithTheKeyboardAlone() {
        var team = new InboxTeam(port);
        String queue = team.queue("searched", "PT10M");
        String cara = team.agent("cara", 3, queue);
        String order = "K" + (100_000 + (int) (Math.random() * 899_999));
        String conversation = new Inbound(producer).record("sms", "SM" + UUID.randomUUID(),
                "+1303555" + (1000 + (int) (Math.random() * 8999)), "Order " + order + " came <b>without</b> its lid");
        Inbound.awaitDecided(memory, conversation);
        memory.queue(conversation, queue, new Decision(Instant.now(), "human-queue", queue, "test routing", Map.of()));
        try (var browser = new Browser()) {
            WebDriver driver = browser.driver();
            signIn(browser, cara);
            browser.waiting().until(d -> !d.findElements(By.cssSelector(".item")).isEmpty());
            new Actions(driver).sendKeys("/").perform();
            browser.waiting().until(d -> "search-q".equals(d.switchTo().activeElement().getAttribute("id")));
            new Actions(driver).sendKeys(order.toLowerCase(), Keys.ENTER).perform();
            browser.waiting().until(d -> d.switchTo().activeElement().getAttribute("data-hit") != null);
            assertThat(driver.switchTo().activeElement().getAttribute("data-hit")).isEqualTo(conversation);
            assertThat(texts(browser, "#search-hits mark")).containsExactly(order);
            assertThat(texts(browser, "#search-hits .item__snippet")).as("the customer's text as text, never HTML")
                    .containsExactly("Order " + order + " came <b>without</b> its lid");
            assertThat(driver.findElements(By.cssSelector("#search-hits b"))).isEmpty();
            new Actions(driver).sendKeys(Keys.ENTER).perform();
            browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("timeline"), order));
            assertThat(driver.findElement(By.cssSelector(".item[aria-current=true]")).getAttribute("data-id"))
                    .isEqualTo(conversation);
            browser.screenshot("search");
        }
    }

    /** The texts of the matching elements, read again if a live update replaced them meanwhile. */
    private static List<String> texts(Browser browser, String css) {
        return browser.waiting().ignoring(StaleElementReferenceException.class).until(d -> d.findElements(
                By.cssSelector(css)).stream().map(WebElement::getText).toList());
    }

    private void signIn(Browser browser, String username) {
        WebDriver driver = browser.driver();
        if (!driver.getCurrentUrl().contains("/inbox/login")) {
            driver.get("http://localhost:" + port + "/inbox/");
        }
        browser.waiting().until(ExpectedConditions.attributeToBe(By.id("login-form"), "data-ready", "true"));
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(username.equals("supervisor") ? "supervisor"
                : InboxTeam.password(username));
        driver.findElement(By.id("sign-in")).click();
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("me"), username));
    }

    private void signOut(Browser browser) {
        browser.driver().findElement(By.cssSelector("#logout-form button")).click();
        browser.waiting().until(ExpectedConditions.urlContains("/inbox/login?logout"));
    }
}
