package io.pilotlight.metrics;

/**
 * A counter fed with running totals read from elsewhere (a store meter's requests so far). A total
 * below the last one means the source restarted from zero (the store was opened again): it is added
 * on top, so the counter never goes down. Thread-safe.
 */
final class RunningTotal {
    private final String what;
    private long last;
    private long sum;

    RunningTotal(String what) {
        this.what = what;
    }

    synchronized void report(long total) {
        if (total < 0) {
            throw new IllegalArgumentException(what + ": total " + total + " must not be negative");
        }
        sum += total >= last ? total - last : total;
        last = total;
    }

    synchronized double value() {
        return sum;
    }
}
