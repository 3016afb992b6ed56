package dev.sluice.domain.chat;

import java.util.Objects;
import java.util.Optional;

/** Whether the model may, must or must not call tools, or must call one named function. */
public record ToolChoice(Mode mode, Optional<String> function) {

    public enum Mode { AUTO, NONE, REQUIRED, FUNCTION }

    public static final ToolChoice AUTO = new ToolChoice(Mode.AUTO, Optional.empty());
    public static final ToolChoice NONE = new ToolChoice(Mode.NONE, Optional.empty());
    public static final ToolChoice REQUIRED = new ToolChoice(Mode.REQUIRED, Optional.empty());

    public ToolChoice {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(function, "function");
        if ((mode == Mode.FUNCTION) != function.isPresent()) {
            throw new IllegalArgumentException("a function is named exactly when the mode is FUNCTION");
        }
    }

    public static ToolChoice function(String name) {
        return new ToolChoice(Mode.FUNCTION, Optional.of(name));
    }
}
