package dev.sluice.domain.analytics;

import java.math.BigDecimal;

/**
 * Requests counted together (one minute of one provider and model, say, or a whole report): a mutable
 * accumulator, used by one thread at a time.
 */
public final class Tally {

    private long requests;
    private long errors;
    private long cached;
    private long limited;
    private long tokensIn;
    private long tokensOut;
    private BigDecimal cost = BigDecimal.ZERO;
    private long durationSum;
    private final LatencyHistogram latency;

    public Tally() {
        this.latency = new LatencyHistogram();
    }

    public Tally(long requests, long errors, long cached, long tokensIn, long tokensOut, BigDecimal cost,
                 long durationSum, LatencyHistogram latency, long limited) {
        this.requests = requests;
        this.errors = errors;
        this.cached = cached;
        this.tokensIn = tokensIn;
        this.tokensOut = tokensOut;
        this.cost = cost;
        this.durationSum = durationSum;
        this.latency = latency;
        this.limited = limited;
    }

    /** @param refused refused by one of the gateway's limits (429, nothing sent) */
    public void count(boolean error, boolean hit, boolean refused, long in, long out, BigDecimal spent,
                      long durationMillis) {
        requests++;
        limited += refused ? 1 : 0;
        errors += error ? 1 : 0;
        cached += hit ? 1 : 0;
        tokensIn += in;
        tokensOut += out;
        cost = cost.add(spent);
        durationSum += durationMillis;
        latency.add(durationMillis);
    }

    public void add(Tally other) {
        requests += other.requests;
        errors += other.errors;
        cached += other.cached;
        limited += other.limited;
        tokensIn += other.tokensIn;
        tokensOut += other.tokensOut;
        cost = cost.add(other.cost);
        durationSum += other.durationSum;
        latency.add(other.latency);
    }

    public long requests() {
        return requests;
    }

    public long errors() {
        return errors;
    }

    /** Requests a limit refused (429 before the provider). */
    public long limited() {
        return limited;
    }

    public long cached() {
        return cached;
    }

    public long tokensIn() {
        return tokensIn;
    }

    public long tokensOut() {
        return tokensOut;
    }

    public BigDecimal cost() {
        return cost;
    }

    public long durationSum() {
        return durationSum;
    }

    public LatencyHistogram latency() {
        return latency;
    }

    public Totals totals() {
        return Totals.of(this);
    }
}
