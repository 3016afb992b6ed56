package dev.sluice.bootstrap;

import dev.sluice.adapters.store.database.DamagedDatabaseException;
import io.micronaut.context.env.Environment;
import io.micronaut.runtime.Micronaut;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Micronaut's start, with one difference: a start refused for something only the operator can mend (a damaged
 * database file) is said in the one line that names the file and what to do, and the process exits with 1. Micronaut
 * logs any failed start as about a hundred lines of bean paths and stack traces, in which that line was lost.
 */
final class SluiceStart extends Micronaut {

    private static final Logger LOG = LoggerFactory.getLogger(Application.class);

    @Override
    protected void handleStartupException(Environment environment, Throwable exception) {
        Optional<DamagedDatabaseException> damaged = damaged(exception);
        if (damaged.isPresent() && !environment.getActiveNames().contains(Environment.TEST)) {
            LOG.error(damaged.get().getMessage());
            System.exit(1);
        }
        super.handleStartupException(environment, exception);
    }

    /** The damaged file among the causes of a failed start: it comes wrapped in the beans that needed the store. */
    static Optional<DamagedDatabaseException> damaged(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof DamagedDatabaseException damaged) {
                return Optional.of(damaged);
            }
        }
        return Optional.empty();
    }
}
