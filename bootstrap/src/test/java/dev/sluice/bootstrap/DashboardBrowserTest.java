package dev.sluice.bootstrap;

import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The dashboard in a real browser (Debian's headless Chromium) against the real server and its mock
 * provider, as a user would use it: sign in, send a prompt through the explorer and watch the flow, find
 * that request in the logs by its metadata and open it, give feedback, see it in analytics, create and
 * edit a gateway and see a validation error beside its field. Every view is checked for unlabelled
 * controls, console errors (a CSP violation is one) and, at a phone's width, for sideways scrolling.
 * Screenshots of each view land in target/screenshots.
 */
@MicronautTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest extends DashboardBrowserSupport implements TestPropertyProvider {

    private static final String USER = "browser-user";

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new java.util.HashMap<>(serverProperties("sluice-ui-e2e"));
        properties.putAll(Map.of(
                "sluice.gateways.locked.authentication", "true",
                "sluice.gateways.tight.rate-limiting-limit", "1",
                "sluice.gateways.tight.rate-limiting-interval", "60",
                // Sliding: a fixed window lets the second request through when the two straddle a minute.
                "sluice.gateways.tight.rate-limiting-technique", "sliding",
                "sluice.providers.custom-dead.base-url", "http://127.0.0.1:9/v1"));
        return properties;
    }

    @Test
    @Order(1)
    void signingInTakesTheAdminTokenAndKeepsItOutOfTheUrl() throws Exception {
        browser.get(server.getURI().resolve("/").toString());
        WebElement token = wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("token")));
        screenshot("sign-in");
        token.sendKeys("not-the-token");
        browser.findElement(By.cssSelector("#sign-in button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("sign-in"), "That token was not accepted"));

        signIn();
        assertThat(browser.getCurrentUrl()).doesNotContain(SluiceClient.ADMIN);
        assertThat(browser.executeScript("return sessionStorage.getItem('sluice.adminToken')")).isEqualTo(SluiceClient.ADMIN);
        assertThat(browser.findElement(By.id("nav")).isDisplayed()).isTrue();
    }

    @Test
    @Order(2)
    void theExplorerStreamsTheAnswerAndLightsTheFlow() {
        open("#/explorer");
        WebElement user = wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("user")));
        user.clear();
        user.sendKeys(USER);
        WebElement prompt = browser.findElement(By.name("prompt"));
        prompt.clear();
        prompt.sendKeys("Hello from the browser");
        browser.findElement(By.id("send")).click();

        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("answer"), "Hello from the browser"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("r-tokens"), "/"));
        assertThat(text("#answer")).contains("Mock response");
        assertThat(text("#r-status")).isEqualTo("200");
        assertThat(text("#r-cache")).isEqualTo("MISS");
        assertThat(text("#r-model")).isEqualTo("gpt-4o-mini");
        // Linked once its entry is found (the writer stores it a moment after the answer).
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("r-log"))).getAttribute("href"))
                .contains("#/logs/default/");
        // The default gateway caches nothing (cache_ttl 0): its MISS is the cache skipped, amber, not a lookup.
        assertThat(stages()).containsExactly("ok", "skip", "skip", "skip", "ok", "ok");
        screenshot("explorer");
        assertAccessibleAndClean();
    }

    @Test
    @Order(3)
    void theFlowTurnsRedWhereTheGatewayStoppedTheRequest() {
        open("#/explorer");
        Select gateway = new Select(wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("gateway"))));
        gateway.selectByValue("locked");
        browser.findElement(By.id("send")).click();
        wait.until(ExpectedConditions.textToBe(By.id("r-status"), "401"));
        assertThat(stages()).containsExactly("ok", "fail", "idle", "idle", "idle", "fail");
        assertThat(text("#response")).contains("401");
        // Found by the dashboard probe: the refused request's log id was a link to an entry that does not exist.
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("r-log-none")));
        assertThat(browser.findElements(By.id("r-log"))).isEmpty();

        new Select(browser.findElement(By.name("gateway"))).selectByValue("tight");
        browser.findElement(By.id("send")).click();
        wait.until(ExpectedConditions.textToBe(By.id("r-status"), "200"));
        browser.findElement(By.id("send")).click();
        wait.until(ExpectedConditions.textToBe(By.id("r-status"), "429"));
        assertThat(stages()).containsExactly("ok", "skip", "fail", "idle", "idle", "fail");
        assertThat(text("#response")).contains("2003");
        screenshot("explorer-rate-limited");
    }

    @Test
    @Order(3)
    void aFallbackModelAnswersWhenTheFirstCannotBeReached() {
        open("#/explorer");
        new Select(wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("gateway")))).selectByValue("default");
        WebElement model = browser.findElement(By.name("model"));
        model.clear();
        model.sendKeys("custom-dead/llama");
        browser.findElement(By.name("fallback")).sendKeys("mock/gpt-4o-mini");
        // Not Latin-1 either: sent as JSON's unicode escapes in cf-aig-metadata, not refused by the browser.
        browser.findElement(By.name("user")).sendKeys("josé-ü");
        browser.findElement(By.id("send")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("answer"), "Mock response"));
        assertThat(text("#r-status")).isEqualTo("200");
        assertThat(text("#r-step")).isEqualTo("1");
        assertThat(browser.findElement(By.cssSelector(".stage[data-stage=provider]")).getText()).contains("via fallback (step 1)");
        // The default gateway caches nothing (cache_ttl 0): its MISS is the cache skipped, amber, not a lookup.
        assertThat(stages()).containsExactly("ok", "skip", "skip", "skip", "ok", "ok");
        screenshot("explorer-fallback");
    }

    @Test
    @Order(4)
    void theLogsFindTheRequestByItsMetadataAndTakeFeedback() throws Exception {
        // The same value under another key is not the user's: key and value filter as a pair.
        new SluiceClient(server.getURI()).post("/v1/local/default/mock/v1/chat/completions",
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"someone else\"}]}",
                "cf-aig-metadata", "{\"user_id\":\"someone-else\",\"reviewer\":\"" + USER + "\"}");
        String filtered = "#/logs?gateway=default&meta_key=user_id&meta_value=" + USER;
        WebElement link = null;
        for (int i = 0; i < 20 && link == null; i++) {
            open(filtered);
            wait.until(d -> !d.findElements(By.cssSelector("#log-results .empty, #log-results table")).isEmpty());
            List<WebElement> rows = browser.findElements(By.cssSelector("#log-results tbody tr a"));
            link = rows.isEmpty() ? null : rows.get(0);
            if (link == null) {
                Thread.sleep(250);
            }
        }
        assertThat(link).as("the explorer's request is in the filtered logs").isNotNull();
        assertThat(browser.findElements(By.cssSelector("#log-results tbody tr"))).hasSize(1);
        assertThat(browser.findElement(By.name("meta_value")).getAttribute("value")).isEqualTo(USER);
        screenshot("logs");
        assertAccessibleAndClean();

        link.click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("log-request"), "Hello from the browser"));
        assertThat(text("#log-metadata")).contains("user_id").contains(USER);
        assertThat(text("#log-request .message .role")).isEqualToIgnoringCase("user");
        assertThat(text("#log-response")).contains("Mock response");
        browser.findElement(By.id("thumb-up")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("log-feedback"), "Feedback saved."));
        screenshot("log-detail");
        assertAccessibleAndClean();

        String logId = browser.getCurrentUrl().substring(browser.getCurrentUrl().lastIndexOf('/') + 1);
        JsonNode entry = adminGet("/client/v4/accounts/local/ai-gateway/gateways/default/logs/" + logId).get("result");
        assertThat(entry.get("feedback").getIntValue()).isEqualTo(1);
    }

    @Test
    @Order(5)
    void aLongPromptIsFoldedAfterItsStart() throws Exception {
        // Found by the dashboard probe: a 200,000-character prompt made the entry's page 46,000 px tall.
        String prompt = "word ".repeat(20_000);
        HttpResponse<String> sent = new SluiceClient(server.getURI()).post("/v1/local/default/mock/v1/chat/completions",
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}");
        String detail = "#/logs/default/" + sent.headers().firstValue("cf-aig-log-id").orElseThrow();
        openEntry(detail);
        WebElement fold = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#log-request .message details.fold summary")));
        assertThat(fold.getText()).contains("The whole message").contains("100,000 characters");
        assertThat(browser.findElement(By.cssSelector("#log-request .message details.fold")).getAttribute("open"))
                .isNull();
        assertThat(((Number) ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript("return document.documentElement.scrollHeight")).intValue()).isLessThan(10_000);
    }

    @Test
    @Order(5)
    void aLoggedPromptIsShownAsTextNeverAsHtml() throws Exception {
        String attack = "<img src=x onerror=alert(1)>";
        HttpResponse<String> sent = new SluiceClient(server.getURI()).post("/v1/local/default/mock/v1/chat/completions",
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + attack + "\"}]}",
                "cf-aig-metadata", "{\"user_id\":\"<b>xss</b>\"}");
        String logId = sent.headers().firstValue("cf-aig-log-id").orElseThrow();
        String detail = "#/logs/default/" + logId;
        openEntry(detail);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("log-request"), attack));
        assertThat(browser.findElements(By.cssSelector("main img"))).isEmpty();
        assertThat(browser.findElements(By.cssSelector("main b"))).isEmpty();
        assertThat(text("#log-metadata")).contains("<b>xss</b>");
        assertThatThrownBy(() -> browser.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);

        open("#/logs?gateway=default&meta_key=user_id&meta_value=" + URLEncoder.encode("<b>xss</b>", StandardCharsets.UTF_8));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#log-results tbody tr")));
        browser.findElement(By.id("delete-matching")).click();
        Alert confirm = wait.until(ExpectedConditions.alertIsPresent());
        assertThat(confirm.getText()).contains("filters").contains("cannot be undone");
        confirm.accept();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("log-results"), "Deleted 1 entries."));
        assertThat(adminGet("/client/v4/accounts/local/ai-gateway/gateways/default/logs?filters.key=metadata.value"
                + "&filters.operator=eq&filters.value=" + URLEncoder.encode("<b>xss</b>", StandardCharsets.UTF_8))
                .get("result_info").get("total_count").getIntValue()).isZero();
        assertThat(adminGet("/client/v4/accounts/local/ai-gateway/gateways/default/logs?filters.key=metadata.user_id"
                + "&filters.operator=eq&filters.value=" + USER).get("result_info").get("total_count").getIntValue())
                .as("entries outside the filter stay").isEqualTo(1);
    }

    @Test
    @Order(6)
    void everyControlIsReachableByKeyboard() {
        open("#/explorer");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("send")));
        browser.executeScript("document.activeElement.blur(); window.scrollTo(0, 0);");
        List<String> reached = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            new org.openqa.selenium.interactions.Actions(browser).sendKeys(org.openqa.selenium.Keys.TAB).perform();
            reached.add((String) browser.executeScript(
                    "const e = document.activeElement; return e.name || e.id || e.textContent.trim();"));
        }
        assertThat(reached).contains("Logs", "Analytics", "Gateways", "gateway", "user", "model", "prompt", "send", "compare");
        for (int i = 0; i < 60 && !"send".equals(browser.executeScript("return document.activeElement.id")); i++) {
            new org.openqa.selenium.interactions.Actions(browser).sendKeys(org.openqa.selenium.Keys.TAB).perform();
        }
        assertThat(browser.executeScript("return document.activeElement.id")).isEqualTo("send");
        new org.openqa.selenium.interactions.Actions(browser).sendKeys(org.openqa.selenium.Keys.ENTER).perform();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("answer"), "Mock response"));
    }

    @Test
    @Order(7)
    void analyticsShowTheRequestsOverTime() {
        open("#/analytics?gateway=default&range=1h&group=provider");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("t-requests")));
        assertThat(Integer.parseInt(text("#t-requests .tile-value").replaceAll("[^0-9]", ""))).isGreaterThanOrEqualTo(2);
        wait.until(d -> d.findElements(By.cssSelector(".chart .uplot canvas")).size() >= 5);
        assertThat(text("#analytics-groups")).contains("mock");
        screenshot("analytics");
        assertAccessibleAndClean();
    }

    /** Requests without a model (the API's group {@code ""}) are a group with a name, not a blank row. */
    @Test
    @Order(7)
    void requestsWithoutAModelAreAGroupCalledNone() throws Exception {
        new SluiceClient(server.getURI()).post("/v1/local/default/mock/v1/chat/completions",
                "not JSON, so no model");
        for (int i = 0; i < 20 && !text("body").contains("(none)"); i++) {
            open("#/analytics?gateway=default&range=1h&group=model");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("analytics-groups")));
            Thread.sleep(250);
        }
        assertThat(text("#analytics-groups")).contains("(none)");
    }

    /** Any body can be logged: one of a shape the view does not expect still opens, with its JSON. */
    @Test
    @Order(5)
    void aLoggedBodyOfAnUnexpectedShapeOpensWithItsJson() throws Exception {
        for (String messages : List.of("[null]", "{\"role\":\"user\"}", "5", "\"hello\"")) {
            HttpResponse<String> sent = new SluiceClient(server.getURI()).post(
                    "/v1/local/default/mock/v1/chat/completions",
                    "{\"model\":\"gpt-4o-mini\",\"messages\":" + messages + ",\"contents\":[{\"parts\":\"x\"}]}");
            String logId = sent.headers().firstValue("cf-aig-log-id").orElseThrow();
            openEntry("#/logs/default/" + logId);
            assertThat(browser.findElements(By.id("log-request"))).as(messages).isNotEmpty();
            assertThat(browser.findElements(By.id("log-feedback"))).as(messages).isNotEmpty();
            assertThat(text("main")).as(messages).doesNotContain("could not be shown");
            assertThat(browser.findElements(By.cssSelector("#log-request .message"))).as("no message made of letters")
                    .isEmpty();
        }
    }

    @Test
    @Order(8)
    void aGatewayIsCreatedEditedAndItsValidationErrorsShownBesideTheField() throws Exception {
        open("#/gateways");
        wait.until(ExpectedConditions.elementToBeClickable(By.id("new-gateway"))).click();
        WebElement id = wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("id")));
        id.sendKeys("Browser-GW");
        browser.findElement(By.id("save-gateway")).click();
        WebElement idError = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(id.getAttribute("id") + "-error")));
        assertThat(idError.getText()).as("beside the field it names").contains("Gateway id must be");
        id.clear();
        id.sendKeys("browser-gw");
        WebElement ttl = browser.findElement(By.name("cache_ttl"));
        ttl.clear();
        ttl.sendKeys("120");
        browser.findElement(By.id("save-gateway")).click();
        wait.until(ExpectedConditions.urlContains("#/gateways/browser-gw"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("gateway-tokens")));

        WebElement limit = browser.findElement(By.name("rate_limiting_limit"));
        limit.clear();
        limit.sendKeys("-5");
        browser.findElement(By.id("save-gateway")).click();
        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(limit.getAttribute("id") + "-error")));
        assertThat(error.getText()).contains("rate_limiting_limit");
        assertThat(limit.getAttribute("aria-invalid")).isEqualTo("true");
        screenshot("gateway-validation");

        limit.clear();
        limit.sendKeys("10");
        WebElement interval = browser.findElement(By.name("rate_limiting_interval"));
        interval.clear();
        interval.sendKeys("60");
        WebElement rules = browser.findElement(By.name("limits"));
        rules.clear();
        rules.sendKeys("[{\"id\":\"per-user\",\"count\":\"requests\",\"limit\":20,\"window\":60,\"key\":\"metadata.user_id\"}]");
        browser.findElement(By.id("save-gateway")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("gateway-form"), "Saved."));
        JsonNode saved = adminGet("/client/v4/accounts/local/ai-gateway/gateways/browser-gw").get("result");
        assertThat(saved.get("spend_limits").isNull()).as("a form saved without spend limits leaves none").isTrue();
        assertThat(saved.get("rate_limiting_limit").getLongValue()).isEqualTo(10);
        assertThat(saved.get("cache_ttl").getLongValue()).isEqualTo(120);
        assertThat(saved.get("limits").get(0).get("id").getStringValue()).isEqualTo("per-user");

        // Found by the dashboard probe: a number emptied said "Saved." and kept its old value.
        WebElement emptied = browser.findElement(By.name("cache_ttl"));
        emptied.clear();
        browser.findElement(By.id("save-gateway")).click();
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(emptied.getAttribute("id") + "-error")))
                .getText()).contains("enter a number");
        emptied.sendKeys("120");

        WebElement cap = browser.findElement(By.name("log_management"));
        cap.clear();
        cap.sendKeys("20000");
        WebElement spend = browser.findElement(By.name("spend_limits"));
        spend.clear();
        spend.sendKeys("{\"rules\":[{\"id\":\"budget\",\"limit\":5,\"window\":3600}]}");
        browser.findElement(By.id("save-gateway")).click();
        JsonNode limited = awaitGateway("browser-gw", gateway -> gateway.get("log_management").isNumber());
        assertThat(limited.get("log_management").getLongValue()).isEqualTo(20000);
        assertThat(limited.get("spend_limits").get("rules").get(0).get("id").getStringValue()).isEqualTo("budget");
        browser.findElement(By.name("log_management")).clear();
        browser.findElement(By.name("spend_limits")).clear();
        browser.findElement(By.id("save-gateway")).click();
        JsonNode cleared = awaitGateway("browser-gw", gateway -> gateway.get("log_management").isNull());
        assertThat(cleared.get("spend_limits").get("rules").size()).as("blank spend limits are none").isZero();

        browser.findElement(By.name("token-name")).sendKeys("ci");
        browser.findElement(By.cssSelector("#gateway-tokens button[type=submit]")).click();
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-token"))).getText()).isNotBlank();
        screenshot("gateway-edit");
        assertAccessibleAndClean();
    }

    @Test
    @Order(9)
    void compareCacheShowsBothRunsAndTheSpeedup() {
        open("#/explorer");
        wait.until(ExpectedConditions.elementToBeClickable(By.id("compare"))).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("cmp-speedup")));
        assertThat(text("#cmp-cached")).contains("HIT");
        assertThat(text("#cmp-fresh")).contains("BYPASS");
        // The mock answers about as fast as the cache, so either can come first; a slower hit is not called faster
        // (found by the dashboard probe: "0.3× faster from the cache (-1.97 ms saved)").
        assertThat(text("#cmp-speedup")).matches("[\\d.,]+× (faster from the cache \\([\\d.,]+ ms saved\\)"
                + "|slower from the cache \\([\\d.,]+ ms more; .*\\))");
        screenshot("compare-cache");
    }

    @Test
    @Order(11)
    void everyGatewayIsListedAndSelectablePastTheApisPageOf100() throws Exception {
        SluiceClient admin = new SluiceClient(server.getURI());
        for (int i = 0; i < 101; i++) {
            HttpResponse<String> created = admin.admin("POST", "/client/v4/accounts/local/ai-gateway/gateways",
                    String.format("{\"id\":\"zz-%03d\"}", i));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        }
        int total = adminGet("/client/v4/accounts/local/ai-gateway/gateways?per_page=1").get("result_info")
                .get("total_count").getIntValue();
        assertThat(total).isGreaterThan(100);
        open("#/gateways");
        wait.until(d -> d.findElements(By.cssSelector("#gateway-list tbody tr")).size() == total);
        open("#/logs?gateway=zz-100");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("log-results")));
        assertThat(new org.openqa.selenium.support.ui.Select(browser.findElement(By.name("gateway")))
                .getFirstSelectedOption().getText()).isEqualTo("zz-100");
    }

    @Test
    @Order(10)
    void atAPhonesWidthNothingScrollsSideways() {
        browser.manage().window().setSize(new Dimension(390, 844));
        try {
            for (String view : List.of("explorer", "logs", "analytics", "gateways")) {
                open("#/" + view);
                wait.until(d -> d.findElements(By.cssSelector("main .notice.info")).isEmpty()
                        && !d.findElements(By.cssSelector("main h1")).isEmpty());
                Object overflow = browser.executeScript(
                        "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
                assertThat(((Number) overflow).intValue()).as(view + " scrolls sideways").isLessThanOrEqualTo(0);
                screenshot(view + "-phone");
            }
        } finally {
            browser.manage().window().setSize(new Dimension(1280, 900));
        }
    }

    /** The gateway as the API has it once {@code saved} holds (the form's save is asynchronous). */
    private JsonNode awaitGateway(String id, java.util.function.Predicate<JsonNode> saved) throws Exception {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        JsonNode gateway;
        do {
            gateway = adminGet("/client/v4/accounts/local/ai-gateway/gateways/" + id).get("result");
            if (saved.test(gateway)) {
                return gateway;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("the gateway was never saved so: " + gateway);
    }

    private List<String> stages() {
        return browser.findElements(By.cssSelector(".flow .stage")).stream().map(s -> s.getAttribute("data-state")).toList();
    }
}
