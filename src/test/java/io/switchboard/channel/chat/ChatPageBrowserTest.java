package io.switchboard.channel.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.support.AgentApi;
import io.switchboard.support.Browser;
import io.switchboard.support.BrowserTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

@BrowserTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ChatPageBrowserTest {

    @LocalServerPort
    int port;

    @Test
    void aVisitorChatsInTheBrowserSeesTheAgentsReplyAndFindsTheConversationAfterAReload() {
        try (var browser = new Browser()) {
            var driver = browser.driver();
            driver.get("http://localhost:" + port + "/chat/");
            browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("chat-status"), "Connected"));

            WebElement input = driver.findElement(By.id("chat-input"));
            input.sendKeys("Hello, my parcel <img src=x onerror=alert(1)> never came");
            input.sendKeys(Keys.ENTER);
            browser.waiting().until(d -> !d.findElements(By.cssSelector("li[data-author=customer][data-seq]")).isEmpty());

            var api = AgentApi.asAgent(port);
            String visitor = driver.findElement(By.id("chat-log")).getAttribute("data-visitor");
            String conversation = api.currentConversationOf("chat:" + visitor);
            assertThat(api.get("/api/v1/conversations/" + conversation).json().path("turns").get(0).path("text").asText())
                    .isEqualTo("Hello, my parcel <img src=x onerror=alert(1)> never came");
            api.post("/api/v1/conversations/" + conversation + "/replies",
                    AgentApi.json("text", "Sorry! We are sending a new one today."));

            browser.waiting().until(d -> !d.findElements(By.cssSelector("li[data-author=agent]")).isEmpty());
            List<WebElement> turns = driver.findElements(By.cssSelector("#chat-log li"));
            assertThat(turns).extracting(e -> e.findElement(By.className("chat__text")).getText()).containsExactly(
                    "Hello, my parcel <img src=x onerror=alert(1)> never came", "Sorry! We are sending a new one today.");
            assertThat(driver.findElements(By.cssSelector("#chat-log img"))).as("customer text is never HTML").isEmpty();
            browser.screenshot("chat");

            driver.navigate().refresh();
            browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("chat-status"), "Connected"));
            browser.waiting().until(d -> d.findElements(By.cssSelector("#chat-log li")).size() == 2);
            assertThat(driver.findElement(By.cssSelector("#chat-log li[data-author=agent] .chat__meta")).getText())
                    .startsWith("Agent agent");
        }
    }
}
