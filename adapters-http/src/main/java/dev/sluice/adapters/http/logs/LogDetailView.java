package dev.sluice.adapters.http.logs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.micronaut.serde.annotation.Serdeable;

/**
 * One log entry ({@code GET …/logs/{id}}): the list fields plus the start of each body
 * ({@code *_head}, at most {@link #HEAD} bytes, and whether that is the whole body). Entries stored
 * without bodies have empty heads that are not complete.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
record LogDetailView(@JsonUnwrapped LogView log, String request_head, boolean request_head_complete,
                     String response_head, boolean response_head_complete) {

    static final int HEAD = 4096;
}
