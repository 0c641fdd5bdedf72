package io.pilotlight.store;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A hand-written fake that fails calls to another store on purpose: the first N calls, or a share
 * of them chosen by a seeded {@link Random}, with the exception a supplier makes. A fault comes
 * {@link When#BEFORE} the call reaches the store (nothing happened) or {@link When#AFTER} it
 * succeeded there (the answer was lost: the ambiguous case). Faults may be limited to some
 * operations by name ({@code put}, {@code putIfAbsent}, {@code get}, {@code stat}, {@code list},
 * {@code delete}). Thread-safe.
 */
final class FaultyObjectStore implements ObjectStore {
    enum When { BEFORE, AFTER }

    private final ObjectStore inner;
    private final Supplier<? extends IOException> fault;
    private final When when;
    private int failFirst;
    private double share;
    private Random random = new Random(0);
    private Predicate<String> operations = operation -> true;
    private int calls;
    private int faults;

    FaultyObjectStore(ObjectStore inner, When when, Supplier<? extends IOException> fault) {
        this.inner = requireNonNull(inner, "inner is null");
        this.when = requireNonNull(when, "when is null");
        this.fault = requireNonNull(fault, "fault is null");
    }

    /** Fails the first {@code count} calls (of the chosen operations), then none by this rule. */
    synchronized FaultyObjectStore failFirst(int count) {
        this.failFirst = count;
        return this;
    }

    /** Fails each call (of the chosen operations) with probability {@code share}. */
    synchronized FaultyObjectStore failShare(double share, long seed) {
        this.share = share;
        this.random = new Random(seed);
        return this;
    }

    /** Injects faults only into the named operations. */
    synchronized FaultyObjectStore only(String... names) {
        List<String> chosen = List.of(names);
        this.operations = chosen::contains;
        return this;
    }

    /** Calls of the chosen operations so far, failed or not. */
    synchronized int calls() {
        return calls;
    }

    synchronized int faults() {
        return faults;
    }

    @Override
    public void put(String key, byte[] data) throws IOException {
        boolean fail = decide("put", When.BEFORE);
        inner.put(key, data);
        after(fail);
    }

    @Override
    public boolean putIfAbsent(String key, byte[] data) throws IOException {
        boolean fail = decide("putIfAbsent", When.BEFORE);
        boolean created = inner.putIfAbsent(key, data);
        after(fail);
        return created;
    }

    @Override
    public byte[] get(String key) throws IOException {
        boolean fail = decide("get", When.BEFORE);
        byte[] data = inner.get(key);
        after(fail);
        return data;
    }

    @Override
    public byte[] get(String key, long offset, int length) throws IOException {
        boolean fail = decide("get", When.BEFORE);
        byte[] data = inner.get(key, offset, length);
        after(fail);
        return data;
    }

    @Override
    public Optional<ObjectInfo> stat(String key) throws IOException {
        boolean fail = decide("stat", When.BEFORE);
        Optional<ObjectInfo> info = inner.stat(key);
        after(fail);
        return info;
    }

    @Override
    public List<ObjectInfo> list(String prefix) throws IOException {
        boolean fail = decide("list", When.BEFORE);
        List<ObjectInfo> found = inner.list(prefix);
        after(fail);
        return found;
    }

    @Override
    public List<ObjectInfo> list(String prefix, String startAfter) throws IOException {
        boolean fail = decide("list", When.BEFORE);
        List<ObjectInfo> found = inner.list(prefix, startAfter);
        after(fail);
        return found;
    }

    @Override
    public void delete(String key) throws IOException {
        boolean fail = decide("delete", When.BEFORE);
        inner.delete(key);
        after(fail);
    }

    /** One call, as a batched delete is one request: faults are decided once for the whole batch. */
    @Override
    public void deleteAll(java.util.List<String> keys) throws IOException {
        boolean fail = decide("delete", When.BEFORE);
        inner.deleteAll(keys);
        after(fail);
    }

    @Override
    public boolean strongPutIfAbsent() {
        return inner.strongPutIfAbsent();
    }

    @Override
    public String location() {
        return "faulty:" + inner.location();
    }

    /** Decides whether this call fails; throws now if it fails before reaching the store. */
    private boolean decide(String operation, When before) throws IOException {
        boolean fail;
        synchronized (this) {
            if (!operations.test(operation)) {
                return false;
            }
            calls++;
            fail = calls <= failFirst || share > 0 && random.nextDouble() < share;
            if (fail) {
                faults++;
            }
        }
        if (fail && when == before) {
            throw fault.get();
        }
        return fail;
    }

    private void after(boolean fail) throws IOException {
        if (fail && when == When.AFTER) {
            throw fault.get();
        }
    }
}
