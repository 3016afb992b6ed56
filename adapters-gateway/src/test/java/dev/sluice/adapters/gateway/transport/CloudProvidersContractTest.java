package dev.sluice.adapters.gateway.transport;

import dev.sluice.adapters.gateway.ProviderContract;
import dev.sluice.adapters.gateway.UpstreamBodies;
import dev.sluice.adapters.gateway.bedrock.BedrockProvider;
import dev.sluice.adapters.gateway.bedrock.EventStreamFrames;
import dev.sluice.adapters.gateway.google.VertexAiProvider;
import dev.sluice.domain.exchange.UpstreamRequest;
import dev.sluice.domain.exchange.UpstreamResponse;
import dev.sluice.domain.header.Header;
import dev.sluice.domain.header.Headers;
import dev.sluice.domain.provider.ProviderCatalog;
import dev.sluice.domain.usage.TokenUsage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockserver.integration.ClientAndServer;
import org.mockserver.model.BinaryBody;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockserver.model.HttpRequest.request;
import static org.mockserver.model.HttpResponse.response;

/**
 * Bedrock and Vertex AI through the HTTP adapter against MockServer speaking their wire formats: the region in the
 * gateway path picks the upstream, a SigV4-signed request arrives with its path (the model id still encoded) and
 * signature headers untouched, and Bedrock's binary event stream comes back byte for byte, its usage readable.
 */
class CloudProvidersContractTest {

    private static ClientAndServer upstream;
    private static ProviderClient client;
    private static ProviderCatalog catalog;

    @BeforeAll
    static void start() {
        upstream = ClientAndServer.startClientAndServer(0);
        String base = "http://127.0.0.1:" + upstream.getPort();
        client = new ProviderClient(Duration.ofSeconds(30));
        catalog = ProviderCatalog.of(List.of(new BedrockProvider(), new VertexAiProvider()), Map.of(
                "aws-bedrock", base + "/bedrock/{region}/",
                "google-vertex-ai", base + "/vertex/{region}/"));
    }

    @AfterAll
    static void stop() {
        client.close();
        upstream.stop();
    }

    @BeforeEach
    void reset() {
        upstream.reset();
    }

    private static UpstreamResponse call(String provider, String path, String body, Header... headers) throws Exception {
        UpstreamRequest request = UpstreamRequest.to(catalog.find(provider).orElseThrow(), "POST", path, "",
                new Headers(List.of(headers)), body.getBytes());
        return client.adapter.callProvider(request, Optional.empty()).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void bedrockConverseStreamSignedWithSigV4() throws Exception {
        String signature = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250101/us-west-2/bedrock/aws4_request, "
                + "SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7";
        byte[] events = new EventStreamFrames()
                .event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hi\"},\"p\":\"abcd\"}")
                .event("messageStop", "{\"stopReason\":\"end_turn\",\"p\":\"ab\"}")
                .event("metadata", "{\"usage\":{\"inputTokens\":30,\"outputTokens\":12,\"totalTokens\":42},"
                        + "\"metrics\":{\"latencyMs\":100},\"p\":\"abc\"}")
                .bytes();
        upstream.when(request().withMethod("POST")
                        .withPath("/bedrock/us-west-2/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse-stream")
                        .withHeader("authorization", signature).withHeader("x-amz-date", "20250101T000000Z")
                        .withHeader("x-amz-security-token", "session+token/=="))
                .respond(response().withStatusCode(200).withHeader("content-type", "application/vnd.amazon.eventstream")
                        .withBody(BinaryBody.binary(events)));

        UpstreamResponse response = call("aws-bedrock",
                "bedrock-runtime/us-west-2/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse-stream",
                "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Hello\"}]}]}",
                new Header("Authorization", signature), new Header("X-Amz-Date", "20250101T000000Z"),
                new Header("X-Amz-Security-Token", "session+token/=="), new Header("Content-Type", "application/json"));

        assertThat(response.status()).isEqualTo(200);
        byte[] relayed = UpstreamBodies.bytes(response);
        assertThat(relayed).isEqualTo(events);
        assertThat(new ProviderContract(new BedrockProvider()).usage(relayed)).contains(TokenUsage.reported(30, 12));
    }

    @Test
    void vertexGenerateContentGoesToTheLocationsRegion() throws Exception {
        String path = "v1/projects/my-proj/locations/europe-west4/publishers/google/models/gemini-2.0-flash:generateContent";
        String answer = "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hi\"}],\"role\":\"model\"}}],"
                + "\"usageMetadata\":{\"promptTokenCount\":8,\"candidatesTokenCount\":4,\"totalTokenCount\":12}}";
        upstream.when(request().withMethod("POST").withPath("/vertex/europe-west4/" + path)
                        .withHeader("authorization", "Bearer ya29.token"))
                .respond(response().withStatusCode(200).withHeader("content-type", "application/json").withBody(answer));

        UpstreamResponse response = call("google-vertex-ai", path, "{\"contents\":[]}",
                new Header("Authorization", "Bearer ya29.token"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(UpstreamBodies.text(response)).isEqualTo(answer);
    }
}
