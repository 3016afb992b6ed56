package dev.sluice.adapters.http.ui;

import dev.sluice.domain.gateway.AccountId;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The browser dashboard's page, {@code GET /}: one HTML shell whose modules ({@code /ui/**}, served from
 * the jar as static resources) do the rest through the public APIs. It names the account in a meta tag
 * (no inline script) and carries a Content-Security-Policy that allows only the dashboard's own scripts,
 * styles and API calls: nothing inline, nothing from elsewhere, not framed. The page's template lives outside the
 * static directory, so it is only ever served from here, with those headers ({@code /ui/} is {@code /ui}: Micronaut
 * matches a trailing slash, and naming both made two routes match).
 */
@Controller
final class DashboardController {

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; font-src 'self'; manifest-src 'self'; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final byte[] page;

    DashboardController(AccountId account) {
        this.page = read("dashboard/index.html").replace("{{account}}", account.value()).getBytes(StandardCharsets.UTF_8);
    }

    @Get(uris = {"/", "/ui"}, produces = MediaType.TEXT_HTML)
    MutableHttpResponse<byte[]> page() {
        return HttpResponse.ok(page)
                .contentType(MediaType.TEXT_HTML_TYPE)
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("Cache-Control", "no-cache");
    }

    private static String read(String resource) {
        try (InputStream in = DashboardController.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("The dashboard's page is missing from the jar: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
