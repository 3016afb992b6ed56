package dev.sluice.application.log;

import java.util.List;

/**
 * Writes log entries, their bodies and their analytics. Called off the request path by the log writer's
 * own thread; may block. A batch is written whole or not at all: throwing means "try again".
 */
public interface StoreLogsPort {

    /**
     * @return how many entries were kept (entries over a {@code STOP_INSERTING} cap are not)
     * @throws LogsRefusedException when the store refuses a value in the batch rather than being unavailable
     */
    int storeLogs(List<LogWrite> batch);

    /**
     * Writes whatever the store holds back for efficiency (analytics sums gathered in memory). Called when
     * the writer is idle and at shutdown; throwing means "try again later".
     */
    default void flush() {
    }
}
