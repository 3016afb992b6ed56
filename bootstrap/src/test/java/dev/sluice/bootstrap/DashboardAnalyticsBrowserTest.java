package dev.sluice.bootstrap;

import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Analytics in the browser, in a browser west of UTC where it matters: daily buckets named as the UTC days they
 * are, a custom range whose link says its time zone (and old links without one still read as local time), a blank
 * metadata key refused before anything is sent, latencies without meaningless decimals.
 */
@MicronautTest
class DashboardAnalyticsBrowserTest extends DashboardBrowserSupport implements TestPropertyProvider {

    /** What the analytics view shows once it has drawn: a notice, no requests, or the totals. */
    private static final String SHOWN = "#analytics-out .notice, #analytics-out .empty, #analytics-out .tiles";

    @Override
    public Map<String, String> getProperties() {
        return serverProperties("sluice-ui-analytics");
    }

    @Test
    void dailyBucketsAreLabelledAsTheUtcDaysTheyAre() throws Exception {
        zone("America/Los_Angeles");
        logged("default", null);
        // Analytics follow the log's writer: until they count the request, the view says there are none and draws
        // no chart (under load, the wait for the charts timed out).
        awaitAnalytics("default", 1);
        open("#/analytics?gateway=default&range=30d");
        wait.until(d -> d.findElements(By.cssSelector(".chart .uplot canvas")).size() >= 5);
        // The cursor at the chart's right edge is on the last bucket: today, as a UTC day (midnight UTC is
        // yesterday afternoon in Los Angeles, so a local label would name the day before).
        WebElement plot = browser.findElement(By.cssSelector(".chart .u-over"));
        new Actions(browser).moveToElement(plot, plot.getSize().getWidth() / 2 - 1, 0).perform();
        String day = browser.findElement(By.cssSelector(".chart .u-legend .u-series:first-child .u-value")).getText();
        assertThat(day).isEqualTo(LocalDate.now(ZoneOffset.UTC) + " UTC");
        assertThat(text("#analytics-range")).contains("UTC day");
        // Found on the way: without a breakdown, the word "null" closed the page.
        assertThat(text("#analytics-out")).doesNotContain("null");
        screenshot("analytics-days");
        assertAccessibleAndClean();
    }

    @Test
    void aCustomRangesLinkSaysItsTimeZoneAndOldLinksReadAsLocalTime() {
        zone("America/Los_Angeles");
        open("#/analytics?gateway=default&range=custom", SHOWN);
        browser.executeScript("document.querySelector('[name=from]').value = '2026-03-01T09:30';"
                + "document.querySelector('[name=to]').value = '2026-03-02T09:30';");
        browser.findElement(By.cssSelector("#analytics-form button[type=submit]")).click();
        wait.until(d -> hashParameter("from") != null);
        String from = hashParameter("from");
        assertThat(from).matches(".*(Z|[+-]\\d\\d:\\d\\d)");
        assertThat(OffsetDateTime.parse(from).toInstant()).isEqualTo(Instant.parse("2026-03-01T17:30:00Z"));
        awaitAnalyticsStart("2026-03-01T17:30:00.000Z");
        String link = browser.getCurrentUrl().substring(browser.getCurrentUrl().indexOf('#'));

        // The same link opened in Tokyo shows the same instants, in Tokyo's time.
        zone("Asia/Tokyo");
        open(link, SHOWN);
        assertThat(browser.findElement(By.name("from")).getDomProperty("value")).isEqualTo("2026-03-02T02:30");
        awaitAnalyticsStart("2026-03-01T17:30:00.000Z");

        // A link written before times carried a zone is read as this browser's local time, as it always was.
        open("#/analytics?gateway=default&range=custom&from=2026-03-01T10:00&to=2026-03-01T12:00",
                SHOWN);
        assertThat(browser.findElement(By.name("from")).getDomProperty("value")).isEqualTo("2026-03-01T10:00");
        awaitAnalyticsStart("2026-03-01T01:00:00.000Z");

        open("#/analytics?gateway=default&range=custom&from=yesterday&to=2026-03-01T12:00", SHOWN);
        assertThat(text("#analytics-out")).contains("From").contains("yesterday");
        assertThat(analyticsRequests()).as("nothing is asked with a time that is not one").isEmpty();

        // In the form, an end before the start is refused beside the field, and the page stays where it was.
        open("#/analytics?gateway=default&range=24h", SHOWN);
        new Select(browser.findElement(By.name("range"))).selectByValue("custom");
        WebElement to = browser.findElement(By.name("to"));
        browser.executeScript("document.querySelector('[name=from]').value = '2026-03-02T09:30';"
                + "arguments[0].value = '2026-03-01T09:30';", to);
        browser.findElement(By.cssSelector("#analytics-form button[type=submit]")).click();
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(to.getAttribute("id") + "-error")))
                .getText()).contains("after the start");
        assertThat(hashParameter("range")).isEqualTo("24h");
        assertAccessibleAndClean();
    }

    @Test
    void aBlankMetadataKeyIsRefusedInlineAndNothingIsSent() {
        open("#/analytics?gateway=default&range=1h&group=metadata", SHOWN);
        assertThat(text("#analytics-out")).contains("metadata key");
        assertThat(analyticsRequests()).as("no report is asked for without the key").isEmpty();

        WebElement key = browser.findElement(By.name("key"));
        key.sendKeys("   ");
        browser.findElement(By.cssSelector("#analytics-form button[type=submit]")).click();
        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(key.getAttribute("id") + "-error")));
        assertThat(error.getText()).contains("metadata key");
        assertThat(key.getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(analyticsRequests()).isEmpty();

        key.clear();
        key.sendKeys("user_id");
        browser.findElement(By.cssSelector("#analytics-form button[type=submit]")).click();
        wait.until(d -> analyticsRequests().stream().anyMatch(url -> url.contains("group_by=metadata.user_id")));
        assertAccessibleAndClean();
    }

    @Test
    void latenciesShowWholeMillisecondsWithoutDecimals() throws Exception {
        admin("POST", MANAGEMENT + "/gateways", "{\"id\":\"latency\"}");
        // Under 10 ms, where "2.0" showed as "2.00 ms" (the mock answers in a few once warm); counted once stored.
        JsonNode latency = null;
        for (int i = 0; i < 20 && (latency == null || latency.get("p50").getBigDecimalValue().compareTo(BigDecimal.TEN) >= 0); i++) {
            logged("latency", null);
            latency = awaitAnalytics("latency", i + 1).get("latency_ms");
        }
        assertThat(latency.get("p50").getBigDecimalValue()).isLessThan(BigDecimal.TEN);
        open("#/analytics?gateway=latency&range=1h");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("t-latency")));
        assertThat(text("#t-latency .tile-value")).isEqualTo(
                ms(latency.get("p50").getBigDecimalValue()) + " / " + ms(latency.get("p95").getBigDecimalValue()));
    }

    @Test
    void aChartOfZerosIsDrawnFromZeroToOneTheHitRatioToAHundredPercentAndCountsTickedWhole() throws Exception {
        admin("POST", MANAGEMENT + "/gateways", "{\"id\":\"uncached\"}");
        logged("uncached", null);
        awaitAnalytics("uncached", 1);
        open("#/analytics?gateway=uncached&range=1h");
        wait.until(d -> d.findElements(By.cssSelector(".chart .uplot canvas")).size() >= 5);
        // A flat 0 was drawn on uPlot's default 0 to 100: the ratio's format labelled it up to 10000%, and the
        // mock's unpriced calls up to $100.00.
        assertThat(axisTop("Cache hit ratio")).isEqualTo(1.0);
        assertThat(axisTop("Cost")).isEqualTo(1.0);
        assertThat(axisTop("Tokens")).isGreaterThan(1.0);
        // One request was ticked at 0, 0.5, 1, 1.5: the count's format labelled 0.5 as "1", half way to it.
        assertThat(ticks("Requests and errors")).allMatch(v -> v == Math.rint(v)).contains(0.0, 1.0);
        screenshot("analytics-no-hits");
    }

    /** The values the y axis of the chart headed {@code title} is ticked at (uPlot's own record of them). */
    @SuppressWarnings("unchecked")
    private List<Double> ticks(String title) {
        return ((List<Number>) browser.executeScript("return [...document.querySelectorAll('.chart-card')]"
                + ".find(c => c.querySelector('h2').textContent === arguments[0])"
                + ".querySelector('.chart').plot.axes[1]._splits", title)).stream().map(Number::doubleValue).toList();
    }

    /** The top of the y axis of the chart headed {@code title}. */
    private double axisTop(String title) {
        return ((Number) browser.executeScript("return [...document.querySelectorAll('.chart-card')]"
                + ".find(c => c.querySelector('h2').textContent === arguments[0])"
                + ".querySelector('.chart').plot.scales.y.max", title)).doubleValue();
    }

    /** The gateway's analytics totals once they count {@code requests} requests (they follow the log's writer). */
    private JsonNode awaitAnalytics(String gateway, int requests) throws Exception {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        JsonNode totals;
        do {
            totals = adminGet(MANAGEMENT + "/gateways/" + gateway + "/analytics").get("result").get("totals");
            if (totals.get("requests").getIntValue() >= requests) {
                return totals;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("analytics never counted " + requests + " requests: " + totals);
    }

    /** Chromium's time zone, as the DevTools protocol overrides it for this tab. */
    private void zone(String id) {
        browser.executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", id));
    }

    private String hashParameter(String name) {
        return (String) browser.executeScript("return new URLSearchParams(location.hash.split('?')[1]).get(arguments[0])",
                name);
    }

    /** Waits until the page has asked for the report from {@code start}. */
    private void awaitAnalyticsStart(String start) {
        try {
            wait.until(d -> sentStarts().contains(start));
        } catch (TimeoutException e) {
            assertThat(sentStarts()).contains(start);
        }
    }

    private List<String> sentStarts() {
        return analyticsRequests().stream().map(url -> URLDecoder.decode(url, StandardCharsets.UTF_8))
                .map(url -> url.replaceAll(".*[?&]start=([^&]*).*", "$1")).toList();
    }

    /** Milliseconds as the dashboard shows them: two decimals under 10, one under 100, none above; no trailing zeros. */
    private static String ms(BigDecimal value) {
        NumberFormat format = NumberFormat.getNumberInstance(Locale.US);
        format.setMaximumFractionDigits(value.compareTo(BigDecimal.TEN) < 0 ? 2 : value.compareTo(BigDecimal.valueOf(100)) < 0 ? 1 : 0);
        format.setRoundingMode(RoundingMode.HALF_UP);
        return format.format(value) + " ms";
    }
}
