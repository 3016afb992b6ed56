package dev.sluice.adapters.store.jdbc;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real database's connections, except that the next commit, the next connection or the next restoring of
 * auto-commit fails as a network would (a commit that went through and whose reply was lost, a commit lost on
 * its way, a connection refused, a connection that broke once the commit was confirmed), or every rollback throws.
 */
public final class FaultyDataSource {

    private enum Fault { NONE, REPLY_LOST, COMMIT_LOST, NO_CONNECTION, RESTORE_FAILS }

    private final DataSource real;
    private final AtomicReference<Fault> next = new AtomicReference<>(Fault.NONE);
    private volatile Throwable rollbackFailure;

    public FaultyDataSource(DataSource real) {
        this.real = real;
    }

    /** The next commit commits, then fails as if the connection dropped before its reply came. */
    public void nextCommitLosesItsReply() {
        next.set(Fault.REPLY_LOST);
    }

    /** The next commit fails without committing, as if the connection dropped before it reached the database. */
    public void nextCommitIsLost() {
        next.set(Fault.COMMIT_LOST);
    }

    public void nextConnectionFails() {
        next.set(Fault.NO_CONNECTION);
    }

    /** The next restoring of auto-commit (after a transaction ended) fails, as on a connection that just broke. */
    public void nextRestoreFails() {
        next.set(Fault.RESTORE_FAILS);
    }

    /** Every rollback throws {@code failure} without rolling back. */
    public void rollbacksThrow(Throwable failure) {
        rollbackFailure = failure;
    }

    public DataSource dataSource() {
        return forwarding(DataSource.class, (method, args) -> {
            if (method.getName().equals("getConnection") && next.compareAndSet(Fault.NO_CONNECTION, Fault.NONE)) {
                throw new SQLException("planted: connection refused", "08001");
            }
            Object result = invoke(method, real, args);
            return method.getName().equals("getConnection") ? connection((Connection) result) : result;
        });
    }

    private Connection connection(Connection connection) {
        return forwarding(Connection.class, (method, args) -> {
            switch (method.getName()) {
                case "commit" -> {
                    if (next.compareAndSet(Fault.REPLY_LOST, Fault.NONE)) {
                        connection.commit();
                        throw new SQLException("planted: the connection dropped before the commit's reply", "08006");
                    }
                    if (next.compareAndSet(Fault.COMMIT_LOST, Fault.NONE)) {
                        throw new SQLException("planted: the connection dropped before the commit arrived", "08006");
                    }
                }
                case "setAutoCommit" -> {
                    if (Boolean.TRUE.equals(args[0]) && next.compareAndSet(Fault.RESTORE_FAILS, Fault.NONE)) {
                        throw new SQLException("planted: the connection broke after the commit", "08006");
                    }
                }
                case "rollback" -> {
                    if (rollbackFailure != null) {
                        throw rollbackFailure;
                    }
                }
                default -> { }
            }
            return invoke(method, connection, args);
        });
    }

    private interface Call {
        Object handle(Method method, Object[] args) throws Throwable;
    }

    private static <T> T forwarding(Class<T> type, Call call) {
        return type.cast(Proxy.newProxyInstance(FaultyDataSource.class.getClassLoader(), new Class<?>[] {type},
                (self, method, args) -> call.handle(method, args)));
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
