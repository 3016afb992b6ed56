package dev.sluice.bootstrap;

import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import java.text.NumberFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The logs and a log entry's page in the browser: finding entries by their feedback (rated neutral apart from not
 * rated), durations as people read them, a missing gateway told apart from a missing entry, and an entry's metadata
 * edited, with every refusal (the form's own and the API's) said in words.
 */
@MicronautTest
class DashboardLogsBrowserTest extends DashboardBrowserSupport implements TestPropertyProvider {

    @Override
    public Map<String, String> getProperties() {
        return serverProperties("sluice-ui-logs");
    }

    @Test
    void theFeedbackFilterFindsUnratedEntriesApartFromNeutralOnes() throws Exception {
        admin("POST", MANAGEMENT + "/gateways", "{\"id\":\"rated\"}");
        String good = logged("rated", null);
        String neutral = logged("rated", null);
        String unrated = logged("rated", null);
        admin("PATCH", MANAGEMENT + "/gateways/rated/logs/" + good, "{\"feedback\":1}");
        admin("PATCH", MANAGEMENT + "/gateways/rated/logs/" + neutral, "{\"feedback\":0}");

        open("#/logs?gateway=rated");
        awaitRows(List.of(unrated, neutral, good));
        assertThat(cell(neutral, 10)).isEqualTo("neutral");
        assertThat(cell(unrated, 10)).as("not rated is not neutral").isNotEqualTo(cell(neutral, 10));
        assertThat(cell(good, 10)).contains("good");

        filterByFeedback("no feedback");
        awaitRows(List.of(unrated));
        assertThat(hashParameter("feedback")).isEqualTo("none");
        filterByFeedback("neutral");
        awaitRows(List.of(neutral));
        assertAccessibleAndClean();
    }

    @Test
    void wholeMillisecondDurationsShowWithoutDecimals() throws Exception {
        admin("POST", MANAGEMENT + "/gateways", "{\"id\":\"timed\"}");
        // Under 100 ms, where whole milliseconds showed as "8.00 ms" and "65.0 ms" (the mock answers in a few once warm).
        String id = null;
        long duration = Long.MAX_VALUE;
        for (int i = 0; i < 20 && duration >= 100; i++) {
            id = logged("timed", null);
            duration = adminGet(MANAGEMENT + "/gateways/timed/logs/" + id).get("result").get("duration").getLongValue();
        }
        assertThat(duration).isLessThan(100);
        open("#/logs?gateway=timed");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#log-results tr[data-id='" + id + "']")));
        String expected = NumberFormat.getIntegerInstance(Locale.US).format(duration) + " ms";
        assertThat(cell(id, 8)).isEqualTo(expected);
        openEntry("#/logs/timed/" + id);
        assertThat(browser.findElement(By.xpath("//*[@id='log-facts']//div[dt='Duration']/dd")).getText())
                .isEqualTo(expected);

        // The explorer's own measure has fractions: shown only where they carry information, never as trailing zeros.
        open("#/explorer");
        new Select(wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("gateway")))).selectByValue("timed");
        browser.findElement(By.id("send")).click();
        wait.until(ExpectedConditions.textToBe(By.id("r-status"), "200"));
        assertThat(text("#r-duration")).matches("\\d[\\d,]*(\\.\\d?[1-9])? ms");
    }

    @Test
    void anUnknownGatewayIsToldApartFromAMissingEntry() throws Exception {
        String id = logged("default", null);
        open("#/logs/no-such-gateway/" + id, "main .notice.error");
        assertThat(text("main .notice.error")).contains("no-such-gateway").contains("does not exist")
                .doesNotContain("log entry");

        open("#/logs/default/01a00000-0000-7000-8000-000000000000", "main .notice.error");
        assertThat(text("main .notice.error")).contains("This log entry does not exist");
        assertAccessibleAndClean();
    }

    @Test
    void anEntrysMetadataIsChangedAddedToRemovedAndSaved() throws Exception {
        String id = editingMetadataOf("{\"user_id\":\"u-1\",\"tier\":\"pro\",\"n\":3}");
        value(metadataRow("tier"), "enterprise");
        metadataRow("user_id").findElement(By.cssSelector("button.remove-metadata")).click();
        WebElement added = addMetadataRow();
        added.findElement(By.name("meta-key")).sendKeys("reviewed");
        new Select(added.findElement(By.name("meta-type"))).selectByValue("boolean");
        value(added, "true");
        save();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("log-metadata"), "Metadata saved."));
        assertThat(storedMetadata(id)).isEqualTo(Map.of("n", "3", "reviewed", "true", "tier", "\"enterprise\""));
        assertThat(text("#log-metadata table")).contains("enterprise").contains("reviewed").doesNotContain("user_id");
        screenshot("log-metadata");

        browser.findElement(By.id("edit-metadata")).click();
        assertThat(browser.findElements(By.cssSelector("#metadata-form tbody tr"))).as("refilled from what was saved")
                .hasSize(3);
        assertThat(metadataRow("tier").findElement(By.name("meta-value")).getDomProperty("value")).isEqualTo("enterprise");
        while (!browser.findElements(By.cssSelector("#metadata-form button.remove-metadata")).isEmpty()) {
            browser.findElement(By.cssSelector("#metadata-form button.remove-metadata")).click();
        }
        save();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("log-metadata"), "Metadata saved."));
        assertThat(storedMetadata(id)).isEmpty();
        assertThat(text("#log-metadata")).contains("None");
        assertAccessibleAndClean();
    }

    @Test
    void badMetadataIsRefusedInWordsAndNothingChanges() throws Exception {
        String id = editingMetadataOf("{\"user_id\":\"u-2\"}");

        WebElement blank = addMetadataRow();
        blank.findElement(By.name("meta-key")).sendKeys("   ");
        value(blank, "x");
        save();
        assertThat(status()).contains("has no name");
        assertThat(blank.findElement(By.name("meta-key")).getAttribute("aria-invalid")).isEqualTo("true");

        blank.findElement(By.name("meta-key")).clear();
        blank.findElement(By.name("meta-key")).sendKeys("count");
        new Select(blank.findElement(By.name("meta-type"))).selectByValue("number");
        value(blank, "lots");
        save();
        assertThat(status()).contains("count").contains("number");
        value(blank, "3");

        WebElement twin = addMetadataRow();
        twin.findElement(By.name("meta-key")).sendKeys("count");
        value(twin, "4");
        save();
        assertThat(status()).contains("count").contains("twice");

        // The API's own refusals, in its words: more keys than it takes, a value longer than it takes.
        twin.findElement(By.name("meta-key")).clear();
        twin.findElement(By.name("meta-key")).sendKeys("a");
        for (String key : List.of("b", "c", "d")) {
            WebElement row = addMetadataRow();
            row.findElement(By.name("meta-key")).sendKeys(key);
            value(row, key);
        }
        save();
        wait.until(d -> status().contains("at most 5"));
        assertThat(status()).startsWith("Not saved");
        screenshot("log-metadata-refused");
        while (browser.findElements(By.cssSelector("#metadata-form tbody tr")).size() > 1) {
            browser.findElements(By.cssSelector("#metadata-form button.remove-metadata")).get(1).click();
        }
        value(metadataRow("user_id"), "x".repeat(5000));
        save();
        wait.until(d -> status().contains("longer than"));

        assertThat(storedMetadata(id)).isEqualTo(Map.of("user_id", "\"u-2\""));
        assertThat(browser.findElement(By.id("metadata-form")).isDisplayed()).as("the form stays, with what was typed")
                .isTrue();
        browser.findElement(By.id("cancel-metadata")).click();
        assertThat(text("#log-metadata table")).contains("u-2");
        assertAccessibleAndClean();
    }

    private void filterByFeedback(String label) {
        new Select(browser.findElement(By.name("feedback"))).selectByVisibleText(label);
        browser.findElement(By.cssSelector("#log-filters button[type=submit]")).click();
    }

    /** Waits until the logs list shows exactly these entries, in this order (a filter re-renders it). */
    @SuppressWarnings("unchecked")
    private void awaitRows(List<String> ids) {
        String script = "return [...document.querySelectorAll('#log-results tbody tr')].map(r => r.dataset.id)";
        try {
            wait.until(d -> ids.equals(browser.executeScript(script)));
        } catch (TimeoutException e) {
            assertThat((List<String>) browser.executeScript(script)).containsExactlyElementsOf(ids);
        }
    }

    private String cell(String id, int column) {
        return text("#log-results tr[data-id='" + id + "'] td:nth-child(" + column + ")");
    }

    private String hashParameter(String name) {
        return (String) browser.executeScript("return new URLSearchParams(location.hash.split('?')[1]).get(arguments[0])",
                name);
    }

    private WebElement metadataRow(String key) {
        return browser.findElements(By.cssSelector("#metadata-form tbody tr")).stream()
                .filter(row -> key.equals(row.findElement(By.name("meta-key")).getDomProperty("value")))
                .findFirst().orElseThrow(() -> new AssertionError("no metadata row for " + key));
    }

    /** Logs an entry with this metadata, opens it and its metadata editor; returns its id. */
    private String editingMetadataOf(String metadata) throws Exception {
        String id = logged("default", metadata);
        openEntry("#/logs/default/" + id);
        browser.findElement(By.id("edit-metadata")).click();
        return id;
    }

    private WebElement addMetadataRow() {
        int before = browser.findElements(By.cssSelector("#metadata-form tbody tr")).size();
        browser.findElement(By.id("add-metadata")).click();
        List<WebElement> rows = browser.findElements(By.cssSelector("#metadata-form tbody tr"));
        assertThat(rows).hasSize(before + 1);
        return rows.get(before);
    }

    private void value(WebElement row, String value) {
        WebElement input = row.findElement(By.name("meta-value"));
        input.clear();
        // A long value is set whole: typing 5,000 keys one by one is slow and proves nothing more.
        browser.executeScript("arguments[0].value = arguments[1]", input, value);
    }

    private void save() {
        browser.findElement(By.id("save-metadata")).click();
    }

    private String status() {
        return text("#metadata-status");
    }

    /** The entry's metadata as the API has it: each key's value as JSON text. */
    private Map<String, String> storedMetadata(String id) throws Exception {
        String text = adminGet(MANAGEMENT + "/gateways/default/logs/" + id).get("result").get("metadata").getStringValue();
        JsonNode metadata = json.readValue(text, JsonNode.class);
        Map<String, String> values = new java.util.TreeMap<>();
        for (Map.Entry<String, JsonNode> entry : metadata.entries()) {
            values.put(entry.getKey(), new String(json.writeValueAsBytes(entry.getValue()), java.nio.charset.StandardCharsets.UTF_8));
        }
        return values;
    }
}
