package dev.sluice.adapters.http.logs;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.sluice.adapters.http.error.CodeMessage;
import dev.sluice.adapters.http.error.V4Envelope;
import dev.sluice.adapters.http.json.JsonBodies;
import dev.sluice.adapters.http.management.GatewayRefs;
import dev.sluice.application.log.ManageLogsUseCase;
import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.log.LogBodies;
import dev.sluice.domain.log.LogEntry;
import dev.sluice.domain.log.LogPage;
import dev.sluice.domain.log.LogPatch;
import dev.sluice.domain.log.LogQuery;
import dev.sluice.adapters.http.logquery.LogQueryParser;
import dev.sluice.domain.policy.Metadata;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Cloudflare's logs API (§6.3) under {@code /client/v4/accounts/{account}/ai-gateway/gateways/{id}/logs}:
 * list with filters, one entry, its request and response bodies, feedback/score/metadata, and delete by
 * filters. Reads the query string itself, in order, for the filter encodings (see {@link LogQueryParser}).
 */
@Controller("/client/v4/accounts/{account}/ai-gateway/gateways/{id}/logs")
@ExecuteOn(TaskExecutors.BLOCKING)
final class LogsController {

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record LogList(boolean success, List<LogView> result, List<CodeMessage> errors, List<Object> messages,
                   LogsInfo result_info) {
    }

    @Serdeable
    record Deleted(long deleted) {
    }

    private final ManageLogsUseCase logs;
    private final JsonMapper json;

    LogsController(ManageLogsUseCase logs, JsonMapper json) {
        this.logs = logs;
        this.json = json;
    }

    @Get
    LogList list(@PathVariable String account, @PathVariable String id, HttpRequest<?> request) {
        LogQuery query = LogQueryParser.parse(QueryStrings.parse(request.getUri().getRawQuery()),
                LogQueryParser.Purpose.LIST);
        LogPage page = logs.list(GatewayRefs.existing(account, id), query);
        return new LogList(true, page.entries().stream().map(this::view).toList(), List.of(), List.of(),
                LogsInfo.of(query, page));
    }

    @Get("/{logId}")
    V4Envelope<LogDetailView> get(@PathVariable String account, @PathVariable String id, @PathVariable String logId) {
        GatewayRef ref = GatewayRefs.existing(account, id);
        LogEntry entry = logs.get(ref, logId);
        Optional<LogBodies> bodies = entry.payloadStored() ? Optional.of(logs.bodies(ref, logId)) : Optional.empty();
        return V4Envelope.ok(new LogDetailView(view(entry),
                bodies.map(b -> head(b.request())).orElse(""),
                bodies.map(b -> b.requestComplete() && b.request().length <= LogDetailView.HEAD).orElse(false),
                bodies.map(b -> head(b.response())).orElse(""),
                bodies.map(b -> b.responseComplete() && b.response().length <= LogDetailView.HEAD).orElse(false)));
    }

    @Get("/{logId}/request")
    HttpResponse<byte[]> request(@PathVariable String account, @PathVariable String id, @PathVariable String logId) {
        GatewayRef ref = GatewayRefs.existing(account, id);
        LogEntry entry = logs.get(ref, logId);
        return body(logs.bodies(ref, logId).request(), entry.requestContentType());
    }

    @Get("/{logId}/response")
    HttpResponse<byte[]> response(@PathVariable String account, @PathVariable String id, @PathVariable String logId) {
        GatewayRef ref = GatewayRefs.existing(account, id);
        LogEntry entry = logs.get(ref, logId);
        return body(logs.bodies(ref, logId).response(), entry.responseContentType());
    }

    @Patch("/{logId}")
    V4Envelope<LogView> patch(@PathVariable String account, @PathVariable String id, @PathVariable String logId,
                              @Nullable @Body byte[] body) {
        LogPatch patch = LogPatches.read(JsonBodies.tree(json, body));
        return V4Envelope.ok(view(logs.patch(GatewayRefs.existing(account, id), logId, patch)));
    }

    @Delete
    V4Envelope<Deleted> delete(@PathVariable String account, @PathVariable String id, HttpRequest<?> request) {
        LogQuery query = LogQueryParser.parse(QueryStrings.parse(request.getUri().getRawQuery()),
                LogQueryParser.Purpose.DELETE);
        return V4Envelope.ok(new Deleted(logs.delete(GatewayRefs.existing(account, id), query)));
    }

    private LogView view(LogEntry entry) {
        try {
            Map<String, Object> metadata = new LinkedHashMap<>(entry.metadata().entries());
            return LogView.of(entry, json.writeValueAsString(metadata));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpResponse<byte[]> body(byte[] bytes, String contentType) {
        MediaType type;
        try {
            type = contentType.isBlank() ? MediaType.APPLICATION_OCTET_STREAM_TYPE : MediaType.of(contentType);
        } catch (RuntimeException e) {
            type = MediaType.APPLICATION_OCTET_STREAM_TYPE;
        }
        return HttpResponse.ok(bytes).contentType(type);
    }

    /** The start of a body as text; bytes that are not UTF-8 become U+FFFD. */
    private static String head(byte[] body) {
        byte[] start = body.length <= LogDetailView.HEAD ? body : Arrays.copyOf(body, LogDetailView.HEAD);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(start)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return "";
        }
    }

    /** Reads a PATCH body: each of feedback, score and metadata absent (unchanged), null (cleared) or a value. */
    static final class LogPatches {

        private LogPatches() {
        }

        static LogPatch read(@Nullable JsonNode body) {
            if (body == null || !body.isObject()) {
                throw invalid("The body must be a JSON object with feedback, score and/or metadata");
            }
            for (Map.Entry<String, JsonNode> field : body.entries()) {
                if (!List.of("feedback", "score", "metadata").contains(field.getKey())) {
                    throw invalid("Unknown field '" + abbreviate(field.getKey())
                            + "': a log takes feedback, score and metadata");
                }
            }
            Optional<OptionalInt> feedback = Optional.ofNullable(body.get("feedback")).map(node -> {
                if (node.isNull()) {
                    return OptionalInt.empty();
                }
                BigDecimal number = number(node, "feedback");
                if (number.stripTrailingZeros().scale() > 0 || number.abs().compareTo(BigDecimal.ONE) > 0) {
                    throw invalid("feedback must be -1, 0, 1 or null");
                }
                return OptionalInt.of(number.intValue());
            });
            Optional<Optional<BigDecimal>> score = Optional.ofNullable(body.get("score"))
                    .map(node -> node.isNull() ? Optional.empty() : Optional.of(number(node, "score")));
            Optional<Metadata> metadata = Optional.ofNullable(body.get("metadata")).map(LogPatches::metadata);
            LogPatch patch = new LogPatch(feedback, score, metadata);
            if (patch.isEmpty()) {
                throw invalid("Nothing to change: give feedback, score and/or metadata");
            }
            return patch;
        }

        private static BigDecimal number(JsonNode node, String field) {
            if (!node.isNumber()) {
                throw invalid(field + " must be a number or null");
            }
            try {
                return new BigDecimal(node.getNumberValue().toString());
            } catch (NumberFormatException e) {
                throw invalid(field + " must be a finite number");
            }
        }

        private static Metadata metadata(JsonNode node) {
            if (node.isNull()) {
                return Metadata.NONE;
            }
            if (!node.isObject()) {
                throw invalid("metadata must be an object of strings, numbers and booleans, or null");
            }
            Map<String, Object> entries = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> field : node.entries()) {
                JsonNode value = field.getValue();
                Object plain;
                if (value.isString()) {
                    plain = value.getStringValue();
                } else if (value.isBoolean()) {
                    plain = value.getBooleanValue();
                } else if (value.isNumber()) {
                    plain = number(value, "metadata." + field.getKey());
                } else {
                    throw invalid("metadata." + abbreviate(field.getKey()) + " must be a string, number or boolean");
                }
                entries.put(field.getKey(), plain);
            }
            try {
                return Metadata.fromClient(entries);
            } catch (GatewayException e) {
                throw invalid(e.getMessage().replace("cf-aig-metadata", "metadata"));
            }
        }

        private static GatewayException invalid(String message) {
            return new GatewayException(ErrorCode.INVALID_BODY, message);
        }

        private static String abbreviate(String text) {
            return text.length() <= 64 ? text : text.substring(0, 64) + "…";
        }
    }
}
