package dev.sluice.adapters.store.limits;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class EntryRingTest {

    /** A ring of the entries given as (time, id, amount) triples, in order. */
    private static EntryRing ringOf(long... timeIdAmount) {
        EntryRing ring = new EntryRing();
        for (int i = 0; i < timeIdAmount.length; i += 3) {
            ring.add(timeIdAmount[i], timeIdAmount[i + 1], timeIdAmount[i + 2]);
        }
        return ring;
    }

    @Test
    void entriesOfTheSameTimeShareASlotAndLeaveTogether() {
        EntryRing ring = ringOf(10, 1, 5, /* */ 10, 2, 7, /* */ 11, 3, 1);
        assertThat(ring.size()).isEqualTo(2);
        assertThat(ring.sum()).isEqualTo(13);
        ring.dropUpTo(10);
        assertThat(ring.size()).isEqualTo(1);
        assertThat(ring.sum()).isEqualTo(1);
        assertThat(ring.first()).isEqualTo(11);
    }

    @Test
    void aSettlementChangesTheSlotOfItsEntryAndIsIgnoredOnceItLeft() {
        EntryRing ring = ringOf(10, 1, 80, /* */ 10, 2, 30, /* */ 12, 5, 40);
        ring.settle(2, -10);
        ring.settle(5, 60);
        assertThat(ring.sum()).isEqualTo(80 + 20 + 100);
        ring.dropUpTo(10);
        ring.settle(1, 1000);
        assertThat(ring.sum()).as("entry 1 has left the window").isEqualTo(100);
    }

    /** Against a list of every entry, over wrap-around and growth: the same sums, whatever shares a slot. */
    @Test
    void itSumsAsAnEntryByEntryLogDoes() {
        SplittableRandom random = new SplittableRandom(7);
        EntryRing ring = new EntryRing();
        List<long[]> log = new ArrayList<>();
        long time = 0;
        for (long id = 1; id <= 200_000; id++) {
            time += random.nextInt(4) == 0 ? random.nextInt(3) : 0;
            long amount = random.nextInt(100);
            ring.add(time, id, amount);
            log.add(new long[] {time, id, amount});
            if (random.nextInt(3) == 0) {
                // An entry still in the window settled: its real amount replaces what it reserved (never below nothing).
                long[] entry = log.get(random.nextInt(log.size()));
                long change = random.nextLong(-entry[2], 150);
                ring.settle(entry[1], change);
                entry[2] += change;
            }
            long cutoff = time - 40;
            ring.dropUpTo(cutoff);
            log.removeIf(entry -> entry[0] <= cutoff);
            assertThat(ring.sum()).isEqualTo(log.stream().mapToLong(entry -> entry[2]).sum());
            assertThat(ring.size()).isEqualTo((int) log.stream().mapToLong(entry -> entry[0]).distinct().count());
        }
    }
}
