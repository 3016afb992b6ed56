package dev.sluice.adapters.store.limits;

import dev.sluice.adapters.store.jdbc.Jdbc;
import dev.sluice.domain.limits.CounterWindow;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The saved state of the counters a process keeps itself ({@link EmbeddedLimitCounters}), in the embedded database's
 * {@code limit_counter_snapshots}: a fixed window's start and sum, a sliding window's slots (time and amount), so a
 * restart does not start every window again. A save replaces every row in one transaction.
 */
public final class CounterSnapshots {

    /** One counter as saved: a fixed window's start and sum, or a sliding window's slots, oldest first. */
    record Saved(String key, CounterWindow window, long windowStart, long total, long[] times, long[] amounts) {
    }

    private final Jdbc jdbc;

    public CounterSnapshots(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    List<Saved> load() {
        return jdbc.inTransaction(connection -> {
            List<Saved> saved = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("select counter_key, kind, window_ms,"
                    + " window_start, total, slots from limit_counter_snapshots");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    CounterWindow.Kind kind = rows.getString(2).equals("S") ? CounterWindow.Kind.SLIDING
                            : CounterWindow.Kind.FIXED;
                    long[][] slots = decode(rows.getBytes(6));
                    saved.add(new Saved(rows.getString(1), new CounterWindow(kind, Duration.ofMillis(rows.getLong(3))),
                            rows.getLong(4), rows.getLong(5), slots[0], slots[1]));
                }
            }
            return saved;
        });
    }

    void replace(List<Saved> counters) {
        jdbc.inTransaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("delete from limit_counter_snapshots")) {
                delete.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement("insert into limit_counter_snapshots"
                    + " (counter_key, kind, window_ms, window_start, total, slots) values (?, ?, ?, ?, ?, ?)")) {
                for (Saved counter : counters) {
                    insert.setString(1, counter.key());
                    insert.setString(2, counter.window().kind() == CounterWindow.Kind.SLIDING ? "S" : "F");
                    insert.setLong(3, counter.window().millis());
                    insert.setLong(4, counter.windowStart());
                    insert.setLong(5, counter.total());
                    insert.setBytes(6, encode(counter.times(), counter.amounts()));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return null;
        });
    }

    /** Slots as variable-length numbers: each time after the one before it, then its amount (a few bytes a slot). */
    static byte[] encode(long[] times, long[] amounts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(times.length * 4 + 4);
        writeVar(out, times.length);
        long previous = 0;
        for (int i = 0; i < times.length; i++) {
            writeVar(out, times[i] - previous);
            writeVar(out, amounts[i]);
            previous = times[i];
        }
        return out.toByteArray();
    }

    static long[][] decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        int count = (int) readVar(in);
        long[] times = new long[count];
        long[] amounts = new long[count];
        long previous = 0;
        for (int i = 0; i < count; i++) {
            previous += readVar(in);
            times[i] = previous;
            amounts[i] = readVar(in);
        }
        return new long[][] {times, amounts};
    }

    /** An unsigned LEB128 number: times only grow and amounts are never negative. */
    private static void writeVar(ByteArrayOutputStream out, long value) {
        long rest = value;
        while ((rest & ~0x7FL) != 0) {
            out.write((int) ((rest & 0x7F) | 0x80));
            rest >>>= 7;
        }
        out.write((int) rest);
    }

    private static long readVar(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; ; shift += 7) {
            byte next = in.get();
            value |= (long) (next & 0x7F) << shift;
            if (next >= 0) {
                return value;
            }
        }
    }
}
