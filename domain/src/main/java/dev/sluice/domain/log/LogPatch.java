package dev.sluice.domain.log;

import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.policy.Metadata;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A change to a log entry through {@code PATCH …/logs/{id}}: each part is absent (left as it is) or
 * present, where an empty value clears it. Feedback is -1 (negative), 0 or 1 (positive); a score is a
 * number from 0 to 100, as Cloudflare's evaluations use.
 */
public record LogPatch(Optional<OptionalInt> feedback, Optional<Optional<BigDecimal>> score,
                       Optional<Metadata> metadata) {

    public static final BigDecimal MAX_SCORE = BigDecimal.valueOf(100);

    public LogPatch {
        Objects.requireNonNull(feedback, "feedback");
        Objects.requireNonNull(score, "score");
        Objects.requireNonNull(metadata, "metadata");
        feedback.flatMap(f -> f.isPresent() ? Optional.of(f.getAsInt()) : Optional.empty()).ifPresent(value -> {
            if (value < -1 || value > 1) {
                throw new GatewayException(ErrorCode.INVALID_BODY, "feedback must be -1, 0, 1 or null, got " + value);
            }
        });
        score.flatMap(s -> s).ifPresent(value -> {
            if (value.signum() < 0 || value.compareTo(MAX_SCORE) > 0) {
                throw new GatewayException(ErrorCode.INVALID_BODY,
                        "score must be a number from 0 to 100 or null, got " + value.toPlainString());
            }
        });
    }

    public boolean isEmpty() {
        return feedback.isEmpty() && score.isEmpty() && metadata.isEmpty();
    }
}
