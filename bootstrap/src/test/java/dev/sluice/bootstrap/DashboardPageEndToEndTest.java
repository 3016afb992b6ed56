package dev.sluice.bootstrap;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard as served from the jar: its page carries a Content-Security-Policy that allows only its
 * own scripts (and holds no inline script for it to allow), its modules and the chart library come from
 * the jar, and nothing outside the UI's folders can be read through its paths.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardPageEndToEndTest implements TestPropertyProvider {

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        try {
            return Map.of("sluice.data-dir", Files.createTempDirectory("sluice-ui-page").toString(),
                    "micronaut.server.port", "-1", "sluice.admin-token", SluiceClient.ADMIN);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return new SluiceClient(server.getURI()).send(new SluiceClient(server.getURI()).request(path).GET());
    }

    @Test
    void thePageAllowsOnlyItsOwnScriptsAndHasNoInlineOnes() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        String policy = page.headers().firstValue("content-security-policy").orElseThrow();
        assertThat(policy).contains("default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'",
                "frame-ancestors 'none'").doesNotContain("unsafe-inline", "unsafe-eval", "http:", "https:", "*");
        assertThat(page.headers().firstValue("x-content-type-options")).contains("nosniff");
        assertThat(Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>").matcher(page.body()).find())
                .as("an inline script").isFalse();
        assertThat(page.body()).doesNotContain(" on" + "click=", "style=", "http://", "https://")
                .contains("<meta name=\"sluice-account\" content=\"local\">");
    }

    @Test
    void modulesStylesAndTheChartLibraryAreServedFromTheJar() throws Exception {
        for (String path : new String[] {"/ui/js/app.js", "/ui/js/explorer.js", "/ui/js/logs.js", "/ui/js/analytics.js",
                "/ui/js/gateways.js", "/ui-vendor/uplot/uPlot.esm.js"}) {
            HttpResponse<String> module = get(path);
            assertThat(module.statusCode()).as(path).isEqualTo(200);
            assertThat(module.headers().firstValue("content-type").orElse("")).as(path).contains("javascript");
        }
        assertThat(get("/ui/app.css").headers().firstValue("content-type").orElse("")).contains("text/css");
        assertThat(get("/ui-vendor/uplot/uPlot.min.css").statusCode()).isEqualTo(200);
    }

    @Test
    void theFilesAreReadWithGetOrHeadOnly() throws Exception {
        SluiceClient client = new SluiceClient(server.getURI());
        for (String path : new String[] {"/ui/js/app.js", "/ui-vendor/uplot/uPlot.esm.js"}) {
            for (String method : new String[] {"PUT", "DELETE", "PATCH", "OPTIONS", "POST"}) {
                HttpResponse<String> other = client.send(client.request(path)
                        .method(method, java.net.http.HttpRequest.BodyPublishers.ofString("{\"x\":1}")));
                assertThat(other.statusCode()).as(method + " " + path).isEqualTo(405);
                assertThat(other.headers().firstValue("allow")).as(method).contains("GET, HEAD");
                assertThat(other.body()).as(method).contains("\"code\":2104").doesNotContain("import ");
            }
            HttpResponse<String> head = client.send(client.request(path)
                    .method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()));
            assertThat(head.statusCode()).as("HEAD " + path).isEqualTo(200);
        }
    }

    @Test
    void nothingOutsideTheUisFoldersIsReachableThroughThem() throws Exception {
        for (String path : new String[] {"/ui/../application.yml", "/ui/%2e%2e/application.yml", "/ui/%2e%2e%2fapplication.yml",
                "/ui/..%2f..%2fMETA-INF/MANIFEST.MF", "/ui-vendor/uplot/../../LICENSE", "/ui/js/missing.js"}) {
            HttpResponse<String> answer = get(path);
            assertThat(answer.statusCode()).as(path).isIn(400, 404);
            assertThat(answer.body()).as(path).doesNotContain("micronaut:", "Manifest-Version", "Permission is hereby granted");
        }
    }

    @Test
    void thePageComesOnlyFromItsRoutesAndAlwaysWithItsPolicy() throws Exception {
        SluiceClient client = new SluiceClient(server.getURI());
        for (String path : new String[] {"/", "/ui", "/ui/"}) {
            HttpResponse<String> page = get(path);
            assertThat(page.statusCode()).as(path).isEqualTo(200);
            assertThat(page.headers().firstValue("content-security-policy")).as(path).isPresent();
        }
        assertThat(get("/ui/index.html").statusCode()).as("the template is not a static file").isEqualTo(404);
        for (String method : new String[] {"POST", "PUT", "DELETE"}) {
            HttpResponse<String> other = client.send(client.request("/ui")
                    .method(method, java.net.http.HttpRequest.BodyPublishers.noBody()));
            assertThat(other.statusCode()).as(method).isIn(404, 405);
            assertThat(other.body()).as(method).doesNotContain("<html");
        }
    }
}
