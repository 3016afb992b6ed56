import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.DoubleStream;

/**
 * Times streamed answers as a client sees them: for each of N sequential requests on one kept-alive
 * connection, the time from sending to the answer's first body byte, and the gaps between its events
 * (an event ends at a blank line). Prints one line: "ttfb_p50 ttfb_p90 gap_p50 gap_p99 events/answer" in
 * milliseconds. For bench/stream.sh, which runs it against the upstream directly and through Sluice.
 *
 *   java bench/StreamTiming.java URL BODY_JSON N [header:value ...]
 */
public final class StreamTiming {

    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        String body = args[1];
        int n = Integer.parseInt(args[2]);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest.Builder builder = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 3; i < args.length; i++) {
            int colon = args[i].indexOf(':');
            builder.header(args[i].substring(0, colon), args[i].substring(colon + 1).strip());
        }
        HttpRequest request = builder.build();
        double[] firstBytes = new double[n];
        DoubleStream.Builder gaps = DoubleStream.builder();
        long events = 0;
        for (int i = 0; i < n; i++) {
            long sent = System.nanoTime();
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("status " + response.statusCode() + ": "
                        + new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
            }
            try (InputStream in = response.body()) {
                byte[] buffer = new byte[8192];
                long lastEvent = -1;
                int previous = -1;
                boolean first = true;
                for (int read; (read = in.read(buffer)) > 0; ) {
                    long now = System.nanoTime();
                    if (first) {
                        firstBytes[i] = (now - sent) / 1e6;
                        first = false;
                    }
                    for (int b = 0; b < read; b++) {
                        if (buffer[b] == '\n' && previous == '\n') {
                            if (lastEvent >= 0) {
                                gaps.add((now - lastEvent) / 1e6);
                            }
                            lastEvent = now;
                            events++;
                        }
                        if (buffer[b] != '\r') {
                            previous = buffer[b];
                        }
                    }
                }
            }
        }
        Arrays.sort(firstBytes);
        double[] sortedGaps = gaps.build().sorted().toArray();
        System.out.printf("%.3f %.3f %.3f %.3f %.1f%n", firstBytes[n / 2], firstBytes[(int) (n * 0.9)],
                percentile(sortedGaps, 0.5), percentile(sortedGaps, 0.99), (double) events / n);
    }

    private static double percentile(double[] sorted, double fraction) {
        return sorted.length == 0 ? 0 : sorted[(int) (sorted.length * fraction)];
    }
}
