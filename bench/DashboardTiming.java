// The dashboard's load times in Debian's headless Chromium against a running Sluice: for each view, the
// time from navigation start until it is usable (its main control or data is on the page), measured in
// the page itself (performance.now()), median and worst of several loads, and how many log pages the view
// fetched. Run by bench/ui.sh:
//   java -cp <selenium + jar> bench/DashboardTiming.java <base-url> <admin-token> [loads]
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

public class DashboardTiming {

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String token = args[1];
        int loads = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        ChromeOptions options = new ChromeOptions();
        options.setBinary(new File("/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1280,900", "--user-data-dir=" + Files.createTempDirectory("sluice-timing"));
        ChromeDriver browser = new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build(), options);
        try {
            browser.get(base + "/");
            browser.executeScript("sessionStorage.setItem('sluice.adminToken', arguments[0])", token);
            String[][] views = {
                    {"explorer (first page)", "#/explorer", "#send"},
                    {"logs, newest 25", "#/logs?gateway=default", "#log-results table, #log-results .empty"},
                    {"logs, metadata filter", "#/logs?gateway=default&meta_key=user&meta_value=4242", "#log-results table, #log-results .empty"},
                    {"log detail", null, "#log-response"},
                    {"analytics, 30 days by model", "#/analytics?gateway=default&range=30d&group=model", ".chart canvas"},
                    {"gateways", "#/gateways", "#gateway-list"},
            };
            System.out.println("| view | median ms | worst ms | log pages fetched (per_page) |");
            System.out.println("|---|---|---|---|");
            for (String[] view : views) {
                String hash = view[1] != null ? view[1] : firstLog(browser, base);
                List<Double> times = new ArrayList<>();
                String fetched = "";
                for (int i = 0; i < loads; i++) {
                    browser.get("about:blank");
                    browser.get(base + "/" + hash);
                    Object at = browser.executeAsyncScript("""
                            const [selector, done] = arguments;
                            const look = () => document.querySelector(selector) ? done(performance.now()) : requestAnimationFrame(look);
                            look();""", view[2]);
                    times.add(((Number) at).doubleValue());
                    fetched = (String) browser.executeScript("""
                            const pages = performance.getEntriesByType('resource').map(e => e.name)
                              .filter(n => /\\/logs\\?/.test(n) && !/\\/logs\\/[^?]/.test(n));
                            return pages.length + ' (' + pages.map(n => new URL(n).searchParams.get('per_page')).join(', ') + ')';""");
                }
                Collections.sort(times);
                System.out.printf("| %s | %.0f | %.0f | %s |%n", view[0], times.get(times.size() / 2),
                        times.get(times.size() - 1), fetched);
            }
        } finally {
            browser.quit();
        }
    }

    private static String firstLog(ChromeDriver browser, String base) {
        browser.get(base + "/#/logs?gateway=default");
        Object href = browser.executeAsyncScript("""
                const done = arguments[0];
                const look = () => { const a = document.querySelector('#log-results tbody a'); a ? done(a.getAttribute('href')) : requestAnimationFrame(look); };
                look();""");
        return (String) href;
    }
}
