package dev.sluice.adapters.http.management;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.sluice.adapters.http.error.CodeMessage;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** The v4 envelope of a paginated list, with {@code result_info}. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
record V4ListEnvelope<T>(boolean success, List<T> result, List<CodeMessage> errors, List<Object> messages,
                         ResultInfo result_info) {

    static <T> V4ListEnvelope<T> of(List<T> result, ResultInfo info) {
        return new V4ListEnvelope<>(true, result, List.of(), List.of(), info);
    }
}
