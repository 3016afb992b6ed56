package dev.sluice.bootstrap;

import dev.sluice.adapters.store.cache.RedisUrlRefusedException;
import dev.sluice.adapters.store.database.DamagedDatabaseException;
import dev.sluice.adapters.store.database.SqliteFileInUseException;
import dev.sluice.domain.error.Failures;
import io.micronaut.context.env.Environment;
import io.micronaut.runtime.Micronaut;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Micronaut's start, with one difference: a start refused for something only the operator can mend (a damaged
 * database file or one another process holds, settings that cannot mean what they say, a Redis URL whose settings Redis refuses) is said in the one
 * message that names it and what to do, and the process exits with 1. Micronaut logs any failed start as dozens of lines of bean paths and stack traces, the
 * message repeated among them.
 */
final class SluiceStart extends Micronaut {

    private static final Logger LOG = LoggerFactory.getLogger(Application.class);

    @Override
    protected void handleStartupException(Environment environment, Throwable exception) {
        Optional<RuntimeException> refused = operators(exception);
        if (refused.isPresent() && !environment.getActiveNames().contains(Environment.TEST)) {
            LOG.error(refused.get().getMessage());
            System.exit(1);
        }
        super.handleStartupException(environment, exception);
    }

    /**
     * The operator's problem among the causes of a failed start (a damaged file, refused settings): it comes wrapped
     * in the beans that needed the store or the settings.
     */
    static Optional<RuntimeException> operators(Throwable error) {
        return Failures.find(error, DamagedDatabaseException.class).<RuntimeException>map(damaged -> damaged)
                .or(() -> Failures.find(error, SqliteFileInUseException.class))
                .or(() -> Failures.find(error, ConfigurationCheck.Refused.class))
                .or(() -> Failures.find(error, RedisUrlRefusedException.class));
    }
}
