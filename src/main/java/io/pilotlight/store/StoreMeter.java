package io.pilotlight.store;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts requests, failures, bytes and time per {@link StoreListener.Kind}, from any number of
 * threads, for metrics and the command line's summary. A request counts when it starts; bytes and
 * time when it ends.
 */
public final class StoreMeter implements StoreListener {
    /** The most keys one S3 LIST page returns (ListObjectsV2's {@code MaxKeys} default and limit). */
    public static final int LIST_PAGE = 1000;

    /** What one kind of request has done so far. */
    public record Counts(long requests, long failures, long bytes, long nanos) {
        public static final Counts ZERO = new Counts(0, 0, 0, 0);

        public Counts {
            if (requests < 0 || failures < 0 || bytes < 0 || nanos < 0) {
                throw new IllegalArgumentException("counts must not be negative: requests " + requests
                        + ", failures " + failures + ", bytes " + bytes + ", nanos " + nanos);
            }
        }
    }

    /** The counts of every kind at one moment (each kind read on its own, not all atomically). */
    public record Snapshot(Map<Kind, Counts> byKind, long listPages, long listedKeys) {
        public Snapshot {
            requireNonNull(byKind, "byKind is null");
            byKind = Map.copyOf(byKind);
            if (listPages < 0 || listedKeys < 0) {
                throw new IllegalArgumentException("list pages " + listPages + " and listed keys " + listedKeys
                        + " must not be negative");
            }
        }

        public Counts of(Kind kind) {
            return byKind.getOrDefault(kind, Counts.ZERO);
        }

        public long requests() {
            return byKind.values().stream().mapToLong(Counts::requests).sum();
        }

        public long failures() {
            return byKind.values().stream().mapToLong(Counts::failures).sum();
        }

        /** Bytes sent by puts. */
        public long bytesSent() {
            return of(Kind.PUT).bytes() + of(Kind.PUT_IF_ABSENT).bytes();
        }

        /** Bytes received by gets. */
        public long bytesReceived() {
            return of(Kind.GET).bytes() + of(Kind.GET_RANGE).bytes();
        }
    }

    private final Map<Kind, Counters> counters = new EnumMap<>(Kind.class);
    private final LongAdder listPages = new LongAdder();
    private final LongAdder listedKeys = new LongAdder();

    public StoreMeter() {
        for (Kind kind : Kind.values()) {
            counters.put(kind, new Counters());
        }
    }

    @Override
    public void requestStarted(Kind kind, String key) {
        counters.get(kind).requests.increment();
    }

    @Override
    public void requestFinished(Kind kind, String key, long bytes, long nanos) {
        Counters c = counters.get(kind);
        c.bytes.add(bytes);
        c.nanos.add(nanos);
    }

    @Override
    public void requestFailed(Kind kind, String key, IOException failure, long nanos) {
        Counters c = counters.get(kind);
        c.failures.increment();
        c.nanos.add(nanos);
    }

    /** Counts the LIST pages an S3 store needed for {@code keys} keys: one per 1,000, one at least. */
    @Override
    public void listed(String prefix, int keys) {
        listPages.add(Math.max(1, (keys + LIST_PAGE - 1) / LIST_PAGE));
        listedKeys.add(keys);
    }

    public Snapshot snapshot() {
        Map<Kind, Counts> byKind = new EnumMap<>(Kind.class);
        counters.forEach((kind, c) -> byKind.put(kind,
                new Counts(c.requests.sum(), c.failures.sum(), c.bytes.sum(), c.nanos.sum())));
        return new Snapshot(byKind, listPages.sum(), listedKeys.sum());
    }

    private static final class Counters {
        final LongAdder requests = new LongAdder();
        final LongAdder failures = new LongAdder();
        final LongAdder bytes = new LongAdder();
        final LongAdder nanos = new LongAdder();
    }
}
