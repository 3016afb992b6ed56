package dev.sluice.bootstrap;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the dashboard probe found in its forms and answers: a thumb un-clicked to neutral, "Delete matching…" with
 * filters typed but not applied, focus lost to the page's start, the explorer looking for the log entry of a request
 * the gateway refused (and painting the wrong stage), a cache said to miss on a gateway without one, Sluice out of
 * reach said two ways, and invalid numbers left to the browser's popup.
 */
@MicronautTest
class DashboardFormsBrowserTest extends DashboardBrowserSupport implements TestPropertyProvider {

    @Override
    public Map<String, String> getProperties() {
        return serverProperties("sluice-ui-forms");
    }

    @Test
    void unclickingAThumbTakesTheRatingAwayAndNeutralShowsApartFromNone() throws Exception {
        String id = logged("default", null);
        openEntry("#/logs/default/" + id);
        assertThat(text("#feedback-state")).contains("no feedback");
        browser.findElement(By.id("thumb-up")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("feedback-state"), "thumbs up"));
        assertThat(feedbackOf(id)).isEqualTo("1");
        browser.findElement(By.id("thumb-up")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("feedback-state"), "no feedback"));
        assertThat(feedbackOf(id)).as("un-clicked is no feedback, not neutral").isEqualTo("null");

        admin("PATCH", MANAGEMENT + "/gateways/default/logs/" + id, "{\"feedback\":0}");
        openEntry("#/logs/default/" + id);
        assertThat(text("#feedback-state")).contains("neutral");
        assertAccessibleAndClean();
    }

    @Test
    void deleteMatchingDeletesOnlyWhatIsAppliedAndSaysHowMany() throws Exception {
        admin("POST", MANAGEMENT + "/gateways", "{\"id\":\"purged\"}");
        logged("purged", null);
        logged("purged", null);
        open("#/logs?gateway=purged&cached=false", "#log-count");
        browser.findElement(By.name("provider")).sendKeys("openai");
        browser.findElement(By.id("delete-matching")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("log-results"), "not the ones applied"));
        assertThat(ExpectedConditions.alertIsPresent().apply(browser)).as("nothing is asked").isNull();
        assertThat(countOf("purged")).isEqualTo(2);

        browser.findElement(By.name("provider")).clear();
        browser.findElement(By.id("delete-matching")).click();
        Alert confirm = wait.until(ExpectedConditions.alertIsPresent());
        assertThat(confirm.getText()).contains("2 entries").contains("cached = not cached").contains("cannot be undone");
        confirm.dismiss();
        assertThat(countOf("purged")).isEqualTo(2);
        assertAccessibleAndClean();
    }

    @Test
    void focusStaysWhereTheKeyboardWas() throws Exception {
        open("#/logs?gateway=default", "#log-results");
        WebElement provider = browser.findElement(By.name("provider"));
        provider.sendKeys("mock", Keys.ENTER);
        wait.until(d -> "mock".equals(hashParameter("provider")));
        wait.until(d -> "provider".equals(browser.executeScript("return document.activeElement.name")));

        String id = logged("default", "{\"a\":\"1\",\"b\":\"2\"}");
        openEntry("#/logs/default/" + id);
        browser.findElement(By.id("edit-metadata")).click();
        WebElement remove = browser.findElements(By.cssSelector("#metadata-form button.remove-metadata")).get(0);
        remove.sendKeys(Keys.ENTER);
        assertThat(browser.executeScript("return document.activeElement.className")).asString().contains("remove-metadata");
        browser.findElement(By.cssSelector("#metadata-form button.remove-metadata")).sendKeys(Keys.ENTER);
        assertThat(browser.executeScript("return document.activeElement.id")).isEqualTo("add-metadata");
    }

    @Test
    void theExplorerSaysAtOnceThatARefusedRequestIsNotLoggedAndWhereItStopped() throws Exception {
        admin("POST", MANAGEMENT + "/gateways", "{\"id\":\"guarded\",\"authentication\":true}");
        sendFromExplorer("guarded", "401");
        assertThat(browser.findElements(By.id("r-log-none"))).as("said at once, nothing looked for").hasSize(1);
        assertThat(stages().get(1)).isEqualTo("fail");

        new Select(browser.findElement(By.name("gateway"))).selectByValue("default");
        browser.findElement(By.name("model")).clear();
        browser.findElement(By.name("model")).sendKeys("nope/some-model");
        browser.findElement(By.id("send")).click();
        wait.until(ExpectedConditions.textToBe(By.id("r-status"), "400"));
        assertThat(browser.findElements(By.id("r-log-none"))).hasSize(1);
        assertThat(stages().get(4)).as("no provider was reached").isNotEqualTo("fail");
        assertThat(stages().get(0)).isEqualTo("fail");
        assertThat(logRequests()).as("the logs API was not asked").isZero();
        assertAccessibleAndClean();
    }

    @Test
    void theCacheIsSkippedOnAGatewayWithoutCaching() throws Exception {
        admin("POST", MANAGEMENT + "/gateways", "{\"id\":\"uncached\",\"cache_ttl\":0}");
        sendFromExplorer("uncached", "200");
        assertThat(stages().get(3)).isEqualTo("skip");
    }

    /** Sends the explorer's form, as it stands, to {@code gateway} and waits for the answer's status. */
    private void sendFromExplorer(String gateway, String status) {
        open("#/explorer");
        new Select(wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("gateway")))).selectByValue(gateway);
        browser.findElement(By.id("send")).click();
        wait.until(ExpectedConditions.textToBe(By.id("r-status"), status));
    }

    @Test
    void sluiceOutOfReachIsSaidAlikeOnEveryView() {
        open("#/explorer");
        browser.executeCdpCommand("Network.enable", Map.of());
        browser.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", true, "latency", 0,
                "downloadThroughput", -1, "uploadThroughput", -1));
        try {
            for (String view : List.of("analytics", "gateways", "logs")) {
                browser.findElement(By.cssSelector("#nav a[data-view='" + view + "']")).click();
                wait.until(d -> !d.findElements(By.cssSelector("main .notice.error")).isEmpty());
                assertThat(text("main .notice.error")).as(view).startsWith("Sluice could not be reached");
            }
        } finally {
            browser.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", false, "latency", 0,
                    "downloadThroughput", -1, "uploadThroughput", -1));
            browser.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER);
        }
    }

    @Test
    void invalidNumbersAreRefusedBesideTheirFieldsAndStaleResultsGo() throws Exception {
        String id = logged("default", null);
        openEntry("#/logs/default/" + id);
        browser.findElement(By.id("thumb-up")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("log-feedback"), "Feedback saved."));
        for (String score : List.of("150", "-3", "55.55555")) {
            WebElement field = browser.findElement(By.name("score"));
            field.clear();
            field.sendKeys(score);
            browser.findElement(By.xpath("//button[.='Save score']")).click();
            wait.until(ExpectedConditions.attributeToBe(field, "aria-invalid", "true"));
            assertThat(text("#log-feedback")).as(score).contains("number from 0 to 100").doesNotContain("Feedback saved.");
        }
        WebElement kept = browser.findElement(By.name("score"));
        kept.clear();
        kept.sendKeys("55.5");
        browser.findElement(By.xpath("//button[.='Save score']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("log-feedback"), "Score saved."));

        open("#/explorer");
        WebElement ttl = wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("ttl")));
        ttl.sendKeys("1.5");
        browser.findElement(By.id("send")).click();
        wait.until(ExpectedConditions.attributeToBe(ttl, "aria-invalid", "true"));
        assertThat(text("#explorer-form")).contains("whole number of seconds");

        open("#/logs?gateway=default", "#log-count");
        browser.findElement(By.name("min_duration")).sendKeys("1.5");
        browser.findElement(By.cssSelector("#log-filters button[type=submit]")).click();
        wait.until(ExpectedConditions.attributeToBe(By.name("min_duration"), "aria-invalid", "true"));
        assertThat(text("#log-filters")).contains("whole number");

        open("#/analytics?gateway=default&range=24h", "#analytics-range");
        new Select(browser.findElement(By.name("range"))).selectByValue("custom");
        browser.findElement(By.cssSelector("#analytics-form button[type=submit]")).click();
        wait.until(ExpectedConditions.attributeToBe(By.name("from"), "aria-invalid", "true"));
        assertThat(browser.findElements(By.id("analytics-range"))).as("the last range's results are gone").isEmpty();
        assertAccessibleAndClean();
    }

    private String feedbackOf(String id) throws Exception {
        io.micronaut.json.tree.JsonNode feedback = adminGet(MANAGEMENT + "/gateways/default/logs/" + id).get("result").get("feedback");
        return feedback == null || feedback.isNull() ? "null" : String.valueOf(feedback.getIntValue());
    }

    private int countOf(String gateway) throws Exception {
        return adminGet(MANAGEMENT + "/gateways/" + gateway + "/logs").get("result_info").get("total_count").getIntValue();
    }

    private long logRequests() {
        return (Long) browser.executeScript("return performance.getEntriesByType('resource')"
                + ".filter(e => e.name.includes('/logs/')).length");
    }

    private String hashParameter(String name) {
        return (String) browser.executeScript("return new URLSearchParams(location.hash.split('?')[1]).get(arguments[0])",
                name);
    }

    private List<String> stages() {
        return browser.findElements(By.cssSelector(".flow .stage")).stream().map(s -> s.getAttribute("data-state")).toList();
    }
}
