package dev.sluice.adapters.gateway.mock;

import dev.sluice.adapters.gateway.ProviderContract;
import dev.sluice.adapters.gateway.UpstreamBodies;
import dev.sluice.domain.exchange.ParsedBodies;
import dev.sluice.domain.exchange.UpstreamRequest;
import dev.sluice.domain.exchange.UpstreamResponse;
import dev.sluice.domain.header.Headers;
import io.micronaut.serde.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mock refuses what the provider it imitates refuses, with a 400 in that provider's error shape
 * naming the field: OpenAI's {@code {"error":{message,type,param,code}}} on its chat completions, Workers
 * AI's {@code {"success":false,"errors":[…]}} on its run endpoint.
 */
class MockValidationTest {

    private final MockProviderAdapter mock = new MockProviderAdapter(ObjectMapper.getDefault(), Clock.systemUTC(),
            Duration.ZERO, Duration.ZERO,
            new ParsedBodies(1 << 20, 1 << 22));

    private UpstreamResponse call(String path, String body) throws Exception {
        var request = UpstreamRequest.to(new MockProvider().provider(Optional.empty()), "POST", path, "",
                Headers.EMPTY, body.getBytes(StandardCharsets.UTF_8));
        return mock.callProvider(request, Optional.empty()).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static Map<String, Object> json(UpstreamResponse response) {
        return ProviderContract.JSON.readObject(UpstreamBodies.text(response));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> openAiError(UpstreamResponse response) {
        assertThat(response.status()).isEqualTo(400);
        Map<String, Object> body = json(response);
        assertThat(body).containsOnlyKeys("error");
        Map<String, Object> error = (Map<String, Object>) body.get("error");
        assertThat(error).containsOnlyKeys("message", "type", "param", "code");
        assertThat(error.get("type")).isEqualTo("invalid_request_error");
        return error;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"messages\":\"hello\"}                                      | messages            | invalid_type",
            "{\"model\":\"gpt-4o\"}                                        | messages            | missing_required_parameter",
            "{\"messages\":[]}                                             | messages            | empty_array",
            "{\"messages\":[\"hi\"]}                                       | messages[0]         | invalid_type",
            "{\"messages\":[{\"content\":\"hi\"}]}                         | messages[0].role    | missing_required_parameter",
            "{\"messages\":[{\"role\":\"robot\",\"content\":\"hi\"}]}      | messages[0].role    | invalid_value",
            "{\"messages\":[{\"role\":\"user\"}]}                          | messages[0].content | missing_required_parameter",
            "{\"messages\":[{\"role\":\"user\",\"content\":7}]}            | messages[0].content | invalid_type",
            "{\"model\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}             | model       | invalid_type",
            "{\"stream\":\"yes\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}      | stream      | invalid_type",
            "{\"max_tokens\":1.5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}      | max_tokens  | invalid_type",
            "{\"stream_options\":{\"include_usage\":1},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]} | stream_options.include_usage | invalid_type"})
    void chatCompletionsRefuseABadFieldAsOpenAiDoesNamingIt(String body, String field, String code) throws Exception {
        Map<String, Object> error = openAiError(call("v1/chat/completions", body));
        assertThat(error.get("param")).isEqualTo(field);
        assertThat(error.get("code")).isEqualTo(code);
        assertThat((String) error.get("message")).contains("'" + field + "'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"[1,2]", "\"hello\"", "42", "{\"messages\":", "not json"})
    void chatCompletionsRefuseABodyThatIsNotAnObject(String body) throws Exception {
        Map<String, Object> error = openAiError(call("chat/completions", body));
        assertThat(error.get("param")).isNull();
        assertThat((String) error.get("message")).contains("JSON object");
    }

    @SuppressWarnings("unchecked")
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{}                                              | 'prompt' or 'messages'",
            "{\"prompt\":42}                                 | 'prompt'",
            "{\"prompt\":\"\"}                               | 'prompt'",
            "{\"messages\":\"hello\"}                        | 'messages'",
            "{\"messages\":[{\"role\":\"user\"}]}            | 'messages[0].content'",
            "{\"messages\":[{\"role\":1,\"content\":\"x\"}]} | 'messages[0].role'",
            "{\"prompt\":\"hi\",\"stream\":\"no\"}           | 'stream'",
            "[1]                                             | JSON object"})
    void theRunEndpointRefusesABadFieldAsWorkersAiDoesNamingIt(String body, String named) throws Exception {
        UpstreamResponse response = call("@cf/meta/llama-3.1-8b-instruct", body);
        assertThat(response.status()).isEqualTo(400);
        Map<String, Object> envelope = json(response);
        assertThat(envelope).containsEntry("success", false).containsEntry("messages", List.of())
                .containsEntry("result", null);
        List<Map<String, Object>> errors = (List<Map<String, Object>>) envelope.get("errors");
        assertThat(errors).hasSize(1);
        assertThat(((Number) errors.get(0).get("code")).intValue()).isEqualTo(5006);
        assertThat((String) errors.get(0).get("message")).startsWith("AiError: Bad input: ").contains(named);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "v1/chat/completions             | {\"messages\":[{\"role\":\"assistant\",\"content\":null},{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]}],\"stream\":false,\"temperature\":0.2,\"max_tokens\":5}",
            "@cf/meta/llama-3.1-8b-instruct  | {\"prompt\":\"hi\",\"max_tokens\":5,\"temperature\":1}",
            "run/@cf/meta/llama-3.1-8b-instruct | {\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"})
    void validRequestsAreStillAnswered(String path, String body) throws Exception {
        assertThat(call(path, body).status()).isEqualTo(200);
    }
}
