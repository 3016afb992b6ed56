package dev.sluice.domain.error;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;

/**
 * Unwrapping and rethrowing failures that travel through {@code CompletionStage}s, which wrap them in
 * {@link CompletionException} on the way. Every layer that handles an asynchronous failure needs it.
 */
public final class Failures {

    private Failures() {
    }

    public static Throwable cause(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    /** The error and its causes, outermost first (a cause that is its own, or seen before, ends the chain). */
    public static Stream<Throwable> chain(Throwable error) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        return Stream.iterate(error, cause -> cause != null && seen.add(cause), Throwable::getCause);
    }

    /** The first of the error and its causes that is a {@code type}: what a failure wrapped by the layers it crossed was. */
    public static <T extends Throwable> Optional<T> find(Throwable error, Class<T> type) {
        return chain(error).filter(type::isInstance).map(type::cast).findFirst();
    }

    public static RuntimeException propagate(Throwable error) {
        Throwable cause = cause(error);
        return cause instanceof RuntimeException runtime ? runtime : new CompletionException(cause);
    }
}
