package dev.sluice.bootstrap;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the dashboard probe found in how pages are laid out and what they show: long metadata that widened the page,
 * costs rounded by several rules, a pager past its end, an unknown gateway shown as another, the flow's stray arrow, a
 * pressed thumbs down styled as good, and the gateway pages (limit rules counted together, the default gateway offered
 * for deletion, a hint too wide for a phone, a read-only id that looked editable).
 */
@MicronautTest
class DashboardLayoutBrowserTest extends DashboardBrowserSupport implements TestPropertyProvider {

    private static final String LONG_USER = "u-" + "x".repeat(203);

    @Override
    public Map<String, String> getProperties() {
        return serverProperties("sluice-ui-layout");
    }

    @Test
    void longMetadataWrapsOnAnEntryAndIsCutInAnalyticsWhereTheNumbersStayInView() throws Exception {
        // Set afterwards, as the probe did: a request's cf-aig-metadata header takes at most 4,096 characters.
        String id = logged("default", "{\"user_id\":\"" + LONG_USER + "\"}");
        admin("PATCH", MANAGEMENT + "/gateways/default/logs/" + id, "{\"metadata\":{\"note\":\"long " + "\u00fc".repeat(900)
                + "\",\"user_id\":\"" + LONG_USER + "\"}}");
        for (int width : List.of(1280, 390)) {
            browser.manage().window().setSize(new Dimension(width, 900));
            try {
                openEntry("#/logs/default/" + id);
                assertThat(text("#log-metadata")).contains(LONG_USER);
                assertThat(sidewaysScroll()).as("the entry's page at " + width + " px scrolls sideways").isLessThanOrEqualTo(0);
                screenshot("long-metadata-" + width);
            } finally {
                browser.manage().window().setSize(new Dimension(1280, 900));
            }
        }

        open("#/analytics?gateway=default&range=24h&group=metadata&key=user_id", "#analytics-groups");
        wait.until(d -> !d.findElements(By.cssSelector(".chart .u-legend")).isEmpty());
        assertThat(sidewaysScroll()).as("analytics scrolls sideways").isLessThanOrEqualTo(0);
        Object numbersInView = browser.executeScript("""
                const table = document.querySelector('#analytics-groups table');
                const last = table.querySelector('tbody tr td:last-child').getBoundingClientRect();
                const wrap = table.closest('.table-wrap').getBoundingClientRect();
                return last.right <= wrap.right + 1;""");
        assertThat(numbersInView).as("the breakdown's last number column is in view").isEqualTo(true);
        assertThat(browser.findElement(By.cssSelector("#analytics-groups tbody th")).getAttribute("title"))
                .as("the whole value in its title").isEqualTo(LONG_USER);
        Object legendWidth = browser.executeScript("""
                return Math.max(...[...document.querySelectorAll('.chart .u-legend')].map(l => l.getBoundingClientRect().width))
                  - Math.max(...[...document.querySelectorAll('.chart')].map(c => c.getBoundingClientRect().width));""");
        assertThat(((Number) legendWidth).doubleValue()).as("a legend wider than its chart").isLessThan(2);
        screenshot("long-metadata-analytics");
        assertAccessibleAndClean();
    }

    @Test
    void costsFollowOneRule() {
        open("#/explorer");
        Map<String, String> expected = Map.of("0.019695", "$0.0197", "0.0007128", "$0.000713", "0.001269", "$0.00127",
                "0.00154125", "$0.00154", "0.01", "$0.01", "0.042", "$0.042", "0.002921", "$0.00292", "12.345", "$12.35");
        for (Map.Entry<String, String> cost : expected.entrySet()) {
            Object shown = browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                    + "import('/ui/js/format.js').then(f => done(f.dollars(arguments[0])))", cost.getKey());
            assertThat(shown).as(cost.getKey()).isEqualTo(cost.getValue());
        }
    }

    @Test
    void aPagePastTheEndAndAnUnknownGatewayAreSaidSo() throws Exception {
        admin("POST", MANAGEMENT + "/gateways", "{\"id\":\"paged\"}");
        logged("paged", null);
        open("#/logs?gateway=paged&page=500", "#log-results .pager");
        assertThat(text("#log-results .pager")).contains("no page 500").doesNotContain("Page 500 of");
        browser.findElement(By.xpath("//button[.='Go to the last page']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#log-results .pager"), "Page 1 of 1"));

        open("#/logs?gateway=nope-gw", "#log-results .notice.error");
        assertThat(new Select(browser.findElement(By.name("gateway"))).getFirstSelectedOption().getDomProperty("value"))
                .isEqualTo("nope-gw");
        assertAccessibleAndClean();
    }

    @Test
    void theFlowsSecondRowStartsWithoutAnArrow() {
        open("#/explorer", ".flow .stage");
        @SuppressWarnings("unchecked")
        List<String> arrows = (List<String>) browser.executeScript("""
                const stages = [...document.querySelectorAll('.flow .stage')];
                return stages.filter((s, i) => i > 0 && s.offsetTop !== stages[i - 1].offsetTop)
                  .map(s => getComputedStyle(s, '::before').display + ' ' + s.dataset.stage);""");
        assertThat(arrows).as("stages that start a row").isNotEmpty().allMatch(a -> a.startsWith("none"));
    }

    @Test
    void aPressedThumbsDownLooksLikeABadRating() throws Exception {
        String id = logged("default", null);
        admin("PATCH", MANAGEMENT + "/gateways/default/logs/" + id, "{\"feedback\":-1}");
        openEntry("#/logs/default/" + id);
        assertThat(browser.findElement(By.id("thumb-down")).getAttribute("aria-pressed")).isEqualTo("true");
        Object colours = browser.executeScript("""
                const probe = document.createElement('div');
                probe.style.background = 'var(--fail-bg)';
                document.body.append(probe);
                const fail = getComputedStyle(probe).backgroundColor;
                probe.remove();
                return getComputedStyle(document.getElementById('thumb-down')).backgroundColor === fail;""");
        assertThat(colours).as("thumbs down pressed in the failure colour").isEqualTo(true);
    }

    @Test
    void theGatewayPagesCountRulesApartKeepTheDefaultAndFitAPhone() throws Exception {
        admin("POST", MANAGEMENT + "/gateways", "{\"id\":\"ruled\",\"limits\":[{\"id\":\"per-user\",\"count\":\"requests\","
                + "\"limit\":20,\"window\":60,\"key\":\"metadata.user_id\"}],\"spend_limits\":{\"rules\":[{\"limit\":50,"
                + "\"window\":604800}]}}");
        open("#/gateways", "#gateway-list tr[data-id='ruled']");
        assertThat(text("#gateway-list tr[data-id='ruled'] td:nth-child(6)")).isEqualTo("1 limit rule, 1 spend rule");

        open("#/gateways/default", "#gateway-actions");
        assertThat(browser.findElements(By.id("delete-gateway"))).as("the default gateway is not offered for deletion").isEmpty();
        assertThat(text("#gateway-actions")).contains("default gateway cannot be deleted");
        String idBackground = browser.findElement(By.name("id")).getCssValue("background-color");
        String settingBackground = browser.findElement(By.name("cache_ttl")).getCssValue("background-color");
        assertThat(idBackground).as("the read-only id looks apart from an editable field").isNotEqualTo(settingBackground);

        open("#/gateways/ruled", "#gateway-actions");
        assertThat(browser.findElements(By.id("delete-gateway"))).hasSize(1);
        browser.manage().window().setSize(new Dimension(390, 844));
        try {
            open("#/gateways/ruled", "#gateway-actions");
            assertThat(sidewaysScroll()).as("the gateway page scrolls sideways at 390 px").isLessThanOrEqualTo(0);
            screenshot("gateway-phone");
        } finally {
            browser.manage().window().setSize(new Dimension(1280, 900));
        }
        assertAccessibleAndClean();
    }

    private int sidewaysScroll() {
        return ((Number) browser.executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth")).intValue();
    }
}
