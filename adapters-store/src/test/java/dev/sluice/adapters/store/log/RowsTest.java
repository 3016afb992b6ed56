package dev.sluice.adapters.store.log;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RowsTest {

    private final List<String> calls = new ArrayList<>();

    private PreparedStatement statement(String name) {
        return (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
                    calls.add(name + "." + method.getName());
                    return switch (method.getName()) {
                        case "executeBatch" -> new int[0];
                        case "executeUpdate" -> Rows.GROUP;
                        default -> null;
                    };
                });
    }

    @Test
    void fullGroupsGoAsOneManyRowInsertEachAndTheRestThroughTheBatch() throws Exception {
        PreparedStatement single = statement("single");
        PreparedStatement many = statement("many");
        List<String> bound = new ArrayList<>();
        try (Rows rows = new Rows(single, many, 3)) {
            rows.expect(2 * Rows.GROUP + 2);
            for (int row = 0; row < 2 * Rows.GROUP + 2; row++) {
                bound.add((rows.statement() == many ? "many@" : "single@") + rows.from());
                rows.add();
            }
            rows.send();
        }
        assertThat(bound.subList(0, 3)).containsExactly("many@1", "many@4", "many@7");
        assertThat(bound.get(Rows.GROUP - 1)).isEqualTo("many@" + ((Rows.GROUP - 1) * 3 + 1));
        assertThat(bound.get(Rows.GROUP)).as("the second group starts again at the first parameter").isEqualTo("many@1");
        assertThat(bound.subList(2 * Rows.GROUP, bound.size())).containsExactly("single@1", "single@1");
        assertThat(calls).containsExactly("many.executeUpdate", "many.executeUpdate", "single.addBatch",
                "single.addBatch", "single.executeBatch", "single.clearBatch", "single.clearParameters",
                "many.clearParameters");
    }

    @Test
    void fewerRowsThanAGroupAllGoThroughTheBatchAndNoneSendsNothing() throws Exception {
        try (Rows rows = new Rows(statement("single"), statement("many"), 3)) {
            rows.expect(Rows.GROUP - 1);
            for (int row = 0; row < Rows.GROUP - 1; row++) {
                assertThat(rows.from()).isEqualTo(1);
                rows.add();
            }
            rows.send();
            rows.expect(0);
            rows.send();
        }
        assertThat(calls).doesNotContain("many.executeUpdate").containsOnlyOnce("single.executeBatch");
    }

    @Test
    void withoutAManyRowInsertEveryRowGoesThroughTheBatch() throws Exception {
        try (Rows rows = new Rows(statement("single"))) {
            rows.expect(Rows.GROUP * 2);
            for (int row = 0; row < Rows.GROUP * 2; row++) {
                rows.add();
            }
            rows.send();
        }
        assertThat(calls).filteredOn(call -> call.equals("single.addBatch")).hasSize(Rows.GROUP * 2);
        assertThat(calls).containsOnlyOnce("single.executeBatch");
    }

    @Test
    void sendingBeforeTheExpectedGroupsAreBoundIsAMistake() throws Exception {
        try (Rows rows = new Rows(statement("single"), statement("many"), 3)) {
            rows.expect(Rows.GROUP);
            rows.add();
            assertThatThrownBy(rows::send).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void closingForgetsRowsLeftUnsentSoThatTheStatementsNextUseDoesNotSendThem() throws Exception {
        try (Rows logs = new Rows(statement("logs"), statement("logs-many"), 3)) {
            logs.expect(1);
            logs.add();
        }
        assertThat(calls).containsExactly("logs.addBatch", "logs.clearBatch", "logs.clearParameters",
                "logs-many.clearParameters");
        assertThat(calls).as("the statements are the cache's: closing the rows leaves them open")
                .noneMatch(call -> call.endsWith(".close"));
    }

    @Test
    void aManyRowInsertRepeatsTheRowsValuesAsAnInsertThatStopsAtARowItCannotInsert() {
        String single = "insert into t (a, b) values (?, ?)";
        String many = Rows.many(single);

        assertThat(many).startsWith("insert or fail into t (a, b) values (?, ?), (?, ?)").endsWith("(?, ?)");
        assertThat(Rows.columns(many)).isEqualTo(2 * Rows.GROUP);
        assertThat(Rows.columns(single)).isEqualTo(2);
        assertThatThrownBy(() -> Rows.many("insert into t (a) values (?) on conflict do nothing"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
