package dev.sluice.adapters.store.log;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RowsTest {

    private final List<String> calls = new ArrayList<>();

    private PreparedStatement statement(String name) {
        return (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
                    calls.add(name + "." + method.getName());
                    return method.getName().equals("executeBatch") ? new int[0] : null;
                });
    }

    @Test
    void sendRunsEachStatementWithWaitingRowsInTheOrderGivenAndSkipsTheRest() throws Exception {
        try (Rows shapes = new Rows(statement("shapes"));
             Rows logs = new Rows(statement("logs"));
             Rows bodies = new Rows(statement("bodies"))) {
            logs.add();
            bodies.add();
            shapes.add();
            Rows.send(shapes, logs, bodies);
            logs.add();
            Rows.send(shapes, logs, bodies);
            Rows.send(shapes, logs, bodies);
        }
        assertThat(calls.subList(0, 8)).containsExactly("logs.addBatch", "bodies.addBatch", "shapes.addBatch",
                "shapes.executeBatch", "logs.executeBatch", "bodies.executeBatch",
                "logs.addBatch", "logs.executeBatch");
        assertThat(calls).as("the statements are the cache's: closing the rows leaves them open")
                .noneMatch(call -> call.endsWith(".close"));
    }

    @Test
    void closingForgetsRowsLeftUnsentSoThatTheStatementsNextUseDoesNotSendThem() throws Exception {
        try (Rows logs = new Rows(statement("logs"));
             Rows bodies = new Rows(statement("bodies"))) {
            logs.add();
            bodies.add();
            Rows.send(logs);
        }
        assertThat(calls).containsExactly("logs.addBatch", "bodies.addBatch", "logs.executeBatch",
                "bodies.clearBatch", "bodies.clearParameters", "logs.clearBatch", "logs.clearParameters");
    }
}
