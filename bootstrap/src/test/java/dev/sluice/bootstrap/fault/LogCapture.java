package dev.sluice.bootstrap.fault;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.List;

/** What the application logs while a fault is staged: warnings and errors that carry an exception (a stack trace). */
final class LogCapture implements AutoCloseable {

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    LogCapture() {
        appender.start();
        root.addAppender(appender);
    }

    /** "LEVEL logger: message (exception)" for each warning or error logged with an exception. */
    List<String> stackTraces() {
        return List.copyOf(appender.list).stream()
                .filter(event -> event.getLevel().isGreaterOrEqual(Level.WARN) && event.getThrowableProxy() != null)
                .map(event -> event.getLevel() + " " + event.getLoggerName() + ": " + event.getFormattedMessage()
                        + " (" + event.getThrowableProxy().getClassName() + ")")
                .toList();
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
    }
}
