package dev.sluice.bootstrap;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the dashboard's browser tests share: one headless Chromium per test class against that class's embedded
 * server, signed in as the admin, and the checks every view must pass (labelled controls, a clean console).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(Chromium.class)
abstract class DashboardBrowserSupport {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final String MANAGEMENT = "/client/v4/accounts/local/ai-gateway";

    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    ChromeDriver browser;
    WebDriverWait wait;

    /** The server's settings every dashboard test needs: its own data, any free port, the known admin token. */
    static Map<String, String> serverProperties(String name) {
        try {
            return Map.of(
                    "sluice.data-dir", Files.createTempDirectory(name).toString(),
                    "micronaut.server.port", "-1",
                    "sluice.admin-token", SluiceClient.ADMIN);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeAll
    void startBrowser() throws IOException {
        Files.createDirectories(SCREENSHOTS);
        browser = Chromium.start(Files.createTempDirectory("sluice-ui-chromium"));
        wait = new WebDriverWait(browser, Duration.ofSeconds(15));
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    void signIn() {
        WebElement token = wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("token")));
        token.clear();
        token.sendKeys(SluiceClient.ADMIN);
        browser.findElement(By.cssSelector("#sign-in button[type=submit]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("nav")));
    }

    /** Loads the page afresh on a view (a hash change alone would leave the last view's heading to match). */
    void open(String hash) {
        open(hash, "main h1");
    }

    /** Loads the page afresh on a view, signing in if asked, until an element {@code ready} finds is there. */
    void open(String hash, String ready) {
        browser.get("about:blank");
        browser.get(server.getURI().resolve("/").toString() + hash);
        wait.until(d -> !d.findElements(By.cssSelector("main h1, " + ready)).isEmpty());
        if (!browser.findElements(By.id("sign-in")).isEmpty()) {
            signIn();
        }
        wait.until(d -> !d.findElements(By.cssSelector(ready)).isEmpty());
    }

    /** Opens a log entry's page, again until the writer has stored the entry. */
    void openEntry(String detail) throws InterruptedException {
        for (int i = 0; i < 20; i++) {
            open(detail);
            wait.until(d -> !d.findElements(By.cssSelector("#log-request, .notice.error")).isEmpty());
            if (!browser.findElements(By.id("log-request")).isEmpty()) {
                return;
            }
            Thread.sleep(250);
        }
    }

    String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }

    JsonNode adminGet(String path) throws Exception {
        HttpResponse<String> response = new SluiceClient(server.getURI()).admin("GET", path, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readValue(response.body(), JsonNode.class);
    }

    /** An admin call that must succeed; its answer as JSON. */
    JsonNode admin(String method, String path, String body) throws Exception {
        HttpResponse<String> response = new SluiceClient(server.getURI()).admin(method, path, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readValue(response.body(), JsonNode.class);
    }

    /** Sends a chat request through the mock provider and waits until its log entry is stored; its log id. */
    String logged(String gateway, String metadata) throws Exception {
        SluiceClient client = new SluiceClient(server.getURI());
        HttpResponse<String> sent = metadata == null
                ? client.post("/v1/local/" + gateway + "/mock/v1/chat/completions", "{\"model\":\"gpt-4o-mini\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}")
                : client.post("/v1/local/" + gateway + "/mock/v1/chat/completions", "{\"model\":\"gpt-4o-mini\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}", "cf-aig-metadata", metadata);
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
        String id = sent.headers().firstValue("cf-aig-log-id").orElseThrow();
        HttpResponse<String> stored = client.awaitAdmin(MANAGEMENT + "/gateways/" + gateway + "/logs/" + id);
        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
        return id;
    }

    /** The URLs of the analytics requests the page has made since it was loaded. */
    @SuppressWarnings("unchecked")
    List<String> analyticsRequests() {
        return (List<String>) browser.executeScript("return performance.getEntriesByType('resource')"
                + ".map(e => e.name).filter(n => n.includes('/ai-gateway/') && n.includes('/analytics'))");
    }

    /** Every visible control has a label (or an aria-label), and the console has no errors. */
    @SuppressWarnings("unchecked")
    void assertAccessibleAndClean() {
        List<String> unlabelled = (List<String>) browser.executeScript("""
                return [...document.querySelectorAll('input, select, textarea, button')]
                  .filter(e => e.offsetParent !== null)
                  .filter(e => e.tagName === 'BUTTON' ? !(e.textContent.trim() || e.getAttribute('aria-label'))
                                                      : !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))
                  .map(e => e.name || e.id || e.outerHTML.slice(0, 80));""");
        assertThat(unlabelled).as("controls without a label").isEmpty();
        List<String> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                // A 4xx the test provoked (401, 429, a validation error) is logged by Chromium as a failed
                // load; the page shows it, so it is not a fault of the page. Script errors and CSP refusals are.
                .filter(message -> !message.contains("the server responded with a status of 4"))
                .toList();
        assertThat(errors).as("browser console errors").isEmpty();
    }

    /** The whole page, not only the window (Chromium's DevTools protocol: the layout's size, then a clip of it). */
    @SuppressWarnings("unchecked")
    void screenshot(String name) {
        try {
            Map<String, Object> layout = browser.executeCdpCommand("Page.getLayoutMetrics", Map.of());
            Map<String, Object> size = (Map<String, Object>) layout.get("cssContentSize");
            Map<String, Object> clip = Map.of("x", 0, "y", 0, "width", size.get("width"), "height", size.get("height"), "scale", 1);
            Map<String, Object> shot = browser.executeCdpCommand("Page.captureScreenshot",
                    Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
            Files.write(SCREENSHOTS.resolve(name + ".png"), java.util.Base64.getDecoder().decode((String) shot.get("data")));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
