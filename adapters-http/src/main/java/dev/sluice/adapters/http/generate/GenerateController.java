package dev.sluice.adapters.http.generate;

import dev.sluice.adapters.http.error.GenerateError;
import dev.sluice.adapters.http.json.JsonBodies;
import dev.sluice.application.generate.GenerateTextCommand;
import dev.sluice.application.generate.GenerateTextUseCase;
import dev.sluice.domain.error.Failures;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.generate.GenerationError;
import dev.sluice.domain.generate.GenerationException;
import dev.sluice.domain.generate.ModelName;
import dev.sluice.domain.generate.Prompt;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST /generate}, the AI Gateway Dashboard's API: {@code {"prompt", "compareCache"?, "model"?, "fallback"?}}.
 * The body is read strictly: a field of the wrong type, or one it does not take, is INVALID_BODY, never coerced
 * or ignored.
 */
@Controller("/generate")
final class GenerateController {

    private static final Logger LOG = LoggerFactory.getLogger(GenerateController.class);
    private static final List<String> FIELDS = List.of("prompt", "compareCache", "model", "fallback");

    private final GenerateTextUseCase generate;
    private final JsonMapper json;

    GenerateController(GenerateTextUseCase generate, JsonMapper json) {
        this.generate = generate;
        this.json = json;
    }

    @Post(consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    CompletionStage<MutableHttpResponse<?>> generate(@Nullable @Body byte[] body) {
        CompletionStage<MutableHttpResponse<?>> answer;
        try {
            answer = generate.generate(command(body))
                    .thenApply(report -> HttpResponse.ok(GenerateResponse.of(report)));
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        return answer.exceptionally(GenerateController::error);
    }

    private GenerateTextCommand command(@Nullable byte[] body) {
        JsonNode root;
        try {
            root = JsonBodies.tree(json, body);
        } catch (GatewayException e) {
            throw invalid("the body must be a JSON object: {\"prompt\": \"…\"}");
        }
        if (root == null || !root.isObject()) {
            throw invalid("the body must be a JSON object: {\"prompt\": \"…\"}");
        }
        refuseUnknownFields(root);
        JsonNode prompt = root.get("prompt");
        if (prompt != null && !prompt.isNull() && !prompt.isString()) {
            throw invalid("prompt must be a string");
        }
        JsonNode compare = root.get("compareCache");
        if (compare != null && !compare.isNull() && !compare.isBoolean()) {
            throw invalid("compareCache must be true or false");
        }
        JsonNode model = root.get("model");
        if (model != null && !model.isNull() && !model.isString()) {
            throw invalid("model must be a string");
        }
        return new GenerateTextCommand(
                new Prompt(prompt == null || prompt.isNull() ? null : prompt.getStringValue()),
                model == null || model.isNull() ? Optional.empty() : Optional.of(new ModelName(model.getStringValue())),
                compare != null && !compare.isNull() && compare.getBooleanValue(), fallback(root.get("fallback")));
    }

    /**
     * A field the API does not take is refused rather than ignored: a misspelt {@code compareCahce} ran without the
     * comparison and said nothing. {@code gateway} is refused with how to choose one: the body cannot, since
     * {@code /generate} answers whoever reaches it and calls with {@code sluice.generate.gateway-token}, which may be
     * the admin token that every authenticated gateway accepts.
     */
    private static void refuseUnknownFields(JsonNode root) {
        for (Map.Entry<String, JsonNode> field : root.entries()) {
            if (field.getKey().equals("gateway")) {
                throw invalid("the gateway cannot be chosen in the body: /generate runs through the gateway named by "
                        + "sluice.generate.gateway (SLUICE_GENERATE_GATEWAY), and sluice.generate.remote-url sends it "
                        + "to a remote gateway instead");
            }
            if (!FIELDS.contains(field.getKey())) {
                throw invalid("unknown field '" + abbreviate(field.getKey()) + "': the body takes "
                        + String.join(", ", FIELDS));
            }
        }
    }

    private static String abbreviate(String name) {
        return name.length() <= 64 ? name : name.substring(0, 64) + "…";
    }

    /** {@code fallback}: model names to try in order when the model's provider fails. */
    private static List<ModelName> fallback(JsonNode fallback) {
        if (fallback == null || fallback.isNull()) {
            return List.of();
        }
        if (!fallback.isArray() || fallback.size() > GenerateTextCommand.MAX_FALLBACK) {
            throw invalid("fallback must be an array of at most " + GenerateTextCommand.MAX_FALLBACK + " model names");
        }
        List<ModelName> models = new ArrayList<>();
        for (JsonNode model : fallback.values()) {
            if (!model.isString() || model.getStringValue().isBlank()) {
                throw invalid("fallback[" + models.size() + "] must be a model name");
            }
            try {
                models.add(new ModelName(model.getStringValue()));
            } catch (RuntimeException bad) {
                throw invalid("fallback[" + models.size() + "]: " + bad.getMessage());
            }
        }
        return models;
    }

    private static GenerationException invalid(String message) {
        return new GenerationException(GenerationError.INVALID_BODY, message);
    }

    private static MutableHttpResponse<?> error(Throwable failure) {
        Throwable cause = Failures.cause(failure);
        if (cause instanceof GenerationException e) {
            return HttpResponse.status(HttpStatus.valueOf(e.error().httpStatus()))
                    .body(GenerateError.of(e.error().name(), e.getMessage(),
                            e.upstreamStatus().isPresent() ? e.upstreamStatus().getAsInt() : null));
        }
        LOG.error("Unexpected failure answering POST /generate", cause);
        return HttpResponse.status(HttpStatus.INTERNAL_SERVER_ERROR)
                .body(GenerateError.of("INTERNAL_ERROR", "Internal gateway error", null));
    }
}
