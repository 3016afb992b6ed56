package bare;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.ProxyHttpClient;
import io.micronaut.context.annotation.Value;
import io.micronaut.runtime.Micronaut;
import org.reactivestreams.Publisher;

/**
 * The floor Sluice is measured against: the same Micronaut version and tuning with no gateway logic.
 * {@code /static} answers by itself; {@code /proxy} forwards to the benchmark nginx with ProxyHttpClient, or to
 * the port {@code bare.upstream-port} names (bench/ceiling.sh points it at the slow upstream).
 */
@Controller
public class App {

    private final ProxyHttpClient proxy;
    private final int upstreamPort;

    App(HttpClient client, @Value("${bare.upstream-port:18080}") int upstreamPort) {
        this.proxy = (ProxyHttpClient) client;
        this.upstreamPort = upstreamPort;
    }

    public static void main(String[] args) {
        Micronaut.run(App.class, args);
    }

    @Post(value = "/static", consumes = "*/*")
    String answer(@Body byte[] body) {
        return "{\"ok\":true}";
    }

    @Post(value = "/proxy", consumes = "*/*", produces = "*/*")
    Publisher<MutableHttpResponse<?>> forward(HttpRequest<?> request) {
        return proxy.proxy(request.mutate().uri(uri -> uri.scheme("http").host("127.0.0.1").port(upstreamPort)
                .replacePath("/v1/chat/completions")));
    }
}
