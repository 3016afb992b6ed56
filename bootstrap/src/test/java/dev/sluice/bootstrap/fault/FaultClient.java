package dev.sluice.bootstrap.fault;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A plain JDK HTTP client for the fault tests: requests through Sluice, and its logs API as an operator reads it. */
final class FaultClient {

    static final String ADMIN = "fault-admin-token";
    static final String CHAT = "/v1/local/%s/mock/v1/chat/completions";
    private static final Pattern TOTAL = Pattern.compile("\"total_count\"\\s*:\\s*(\\d+)");
    private static final Pattern STATUS = Pattern.compile("\"status_code\"\\s*:\\s*(\\d+)");
    private static final Pattern SUCCESS = Pattern.compile("\"success\"\\s*:\\s*(true|false)");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI base;
    private int unavailable;

    FaultClient(URI base) {
        this.base = base;
    }

    FaultClient(int port) {
        this(URI.create("http://127.0.0.1:" + port));
    }

    static String prompt(String text) {
        return "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
    }

    HttpRequest.Builder post(String path, String json, Duration timeout) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) throws Exception {
        return http.send(request.build(), handler);
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
                .header("authorization", "Bearer " + ADMIN).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The logs API's answer for a gateway (newest first). */
    String logs(String gateway) throws Exception {
        HttpResponse<String> response = get("/client/v4/accounts/local/ai-gateway/gateways/" + gateway
                + "/logs?per_page=50&order_by_direction=desc");
        if (response.statusCode() == 503) {
            throw new StoreUnavailable(response.body());
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("logs API answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    long logCount(String gateway) throws Exception {
        Matcher total = TOTAL.matcher(logs(gateway));
        return total.find() ? Long.parseLong(total.group(1)) : -1;
    }

    /**
     * Waits until the gateway has at least {@code count} entries, at most {@code max}; returns the count.
     * A 503 from the logs API (the database unavailable: a pooled connection its server ended) counts as
     * "not yet": a reader asked to try again does.
     */
    long awaitLogCount(String gateway, long count, Duration max) throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        long seen = -1;
        while (seen < count && System.nanoTime() < deadline) {
            try {
                seen = logCount(gateway);
            } catch (StoreUnavailable e) {
                unavailable++;
            }
            if (seen < count) {
                Thread.sleep(50);
            }
        }
        return seen;
    }

    /** How many times the logs API answered 503 to {@link #awaitLogCount}. */
    int unavailableAnswers() {
        return unavailable;
    }

    /** The logs API answered 503: the database is unavailable, try again. */
    static final class StoreUnavailable extends IllegalStateException {
        StoreUnavailable(String message) {
            super(message);
        }
    }

    /** Each entry's status code and success flag, as "504/false", newest first. */
    static List<String> outcomes(String logs) {
        List<String> outcomes = new ArrayList<>();
        Matcher status = STATUS.matcher(logs);
        Matcher success = SUCCESS.matcher(logs);
        int from = logs.indexOf("\"result\"");
        while (status.find(from) && success.find(from)) {
            outcomes.add(status.group(1) + "/" + success.group(1));
            from = Math.max(status.end(), success.end());
        }
        return outcomes;
    }

    /** A counter or gauge from /prometheus (0 when absent). */
    double metric(String line) throws Exception {
        for (String row : get("/prometheus").body().split("\n")) {
            if (row.startsWith(line + " ")) {
                return Double.parseDouble(row.substring(line.length() + 1).trim());
            }
        }
        return 0;
    }
}
