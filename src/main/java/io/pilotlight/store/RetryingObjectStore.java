package io.pilotlight.store;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries each operation of another store with exponential backoff and full jitter
 * ({@link RetryPolicy}). This is the only retry layer: the stores below it do not retry
 * (the S3 store runs the SDK with its retries off), so a failure costs at most
 * {@code maxAttempts} requests, never attempts times attempts (coldsnap #437).
 *
 * <p><b>What is retried</b>: only failures a store marks as transient,
 * {@link TransientStoreException} (5xx, throttling, resets, timeouts), and a bare
 * {@link SocketTimeoutException}. Everything else is thrown at once: {@link NoSuchObjectException}
 * (the answer, not a failure), {@link StoreException} (the store is unusable as configured),
 * {@link RetriesExhaustedException} (already retried by a layer below), interrupts (the caller is
 * cancelling), other {@link IOException}s (permanent: a 4xx, a full disk, a range past the end)
 * and unchecked exceptions. After the last attempt the failure is a
 * {@link RetriesExhaustedException} naming the operation, the key, the attempts and the last cause.
 *
 * <p><b>Cancellation</b>: the pipeline cancels by interrupting its upload threads. An interrupted
 * thread starts no further attempt and stops waiting at once: the call throws an
 * {@link InterruptedIOException} (its cause the last failure, if any) and leaves the thread's
 * interrupt flag set. An attempt already running is the inner store's to stop; if it fails
 * because of the interrupt, that failure is thrown as is. Removing a partial upload (an S3
 * multipart upload) is the inner store's job: a failed {@code put} never leaves a visible object.
 *
 * <p><b>{@code putIfAbsent} after an ambiguous failure</b>: an attempt may fail after the service
 * created the object (the answer was lost). The next attempt then finds the object and would
 * return {@code false} although this call created it. So when an attempt after a failed one
 * finds the object present, it reads it back and returns {@code true} if its bytes equal ours.
 * The price: if another writer stored the very same bytes meanwhile, both calls return
 * {@code true}. For content-addressed objects that is harmless (the object is the same); a lease
 * body names its holder uniquely, so two holders never write equal bytes.
 *
 * <p><b>An endpoint that cannot be reached</b>: once the store below answers
 * {@link StoreException.Kind#UNREACHABLE} (connection refused, unknown host, connect timeout), every
 * call for the next {@link #UNREACHABLE_FOR} fails at once with such an exception, no attempt made,
 * and a failed attempt of a call already running is not retried. The run that got the answer is
 * failing anyway (it exits 12); its cleanup (in-flight uploads, the lease's release) then costs no
 * retry schedule and no socket timeout on a connection the lost server left open. An attempt that
 * succeeds ends it at once; after the period calls are tried again (a long-running daemon recovers).
 */
public final class RetryingObjectStore implements ObjectStore {
    private static final Logger LOG = LoggerFactory.getLogger(RetryingObjectStore.class);
    /** How long after an "unreachable" answer calls fail untried. */
    public static final Duration UNREACHABLE_FOR = Duration.ofSeconds(30);

    private final ObjectStore inner;
    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final Random random;
    /** The last "unreachable" answer and when it came, or null while the endpoint answers. */
    private volatile Unreachable unreachable;

    public RetryingObjectStore(ObjectStore inner, RetryPolicy policy, Sleeper sleeper) {
        this(inner, policy, sleeper, new Random());
    }

    /** With the jitter drawn from {@code random}, so tests can seed it. */
    public RetryingObjectStore(ObjectStore inner, RetryPolicy policy, Sleeper sleeper, Random random) {
        this.inner = requireNonNull(inner, "inner is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.sleeper = requireNonNull(sleeper, "sleeper is null");
        this.random = requireNonNull(random, "random is null");
    }

    @Override
    public void put(String key, byte[] data) throws IOException {
        retry("put", key, attempt -> {
            inner.put(key, data);
            return null;
        });
    }

    @Override
    public boolean putIfAbsent(String key, byte[] data) throws IOException {
        return retry("putIfAbsent", key, attempt -> inner.putIfAbsent(key, data)
                || attempt > 1 && holdsExactly(key, data));
    }

    @Override
    public byte[] get(String key) throws IOException {
        return retry("get", key, attempt -> inner.get(key));
    }

    @Override
    public byte[] get(String key, long offset, int length) throws IOException {
        return retry("get", key, attempt -> inner.get(key, offset, length));
    }

    @Override
    public Optional<ObjectInfo> stat(String key) throws IOException {
        return retry("stat", key, attempt -> inner.stat(key));
    }

    @Override
    public List<ObjectInfo> list(String prefix) throws IOException {
        return retry("list", prefix, attempt -> inner.list(prefix));
    }

    @Override
    public List<ObjectInfo> list(String prefix, String startAfter) throws IOException {
        return retry("list", prefix, attempt -> inner.list(prefix, startAfter));
    }

    @Override
    public void delete(String key) throws IOException {
        retry("delete", key, attempt -> {
            inner.delete(key);
            return null;
        });
    }

    /** Deleting is idempotent: a failed batch is retried whole. */
    @Override
    public void deleteAll(List<String> keys) throws IOException {
        if (keys.isEmpty()) {
            return;
        }
        retry("delete", keys.get(0) + (keys.size() > 1 ? " and " + (keys.size() - 1) + " more" : ""), attempt -> {
            inner.deleteAll(keys);
            return null;
        });
    }

    @Override
    public boolean supportsRetention() {
        return inner.supportsRetention();
    }

    @Override
    public void putRetained(String key, byte[] data, ObjectRetention retention) throws IOException {
        retry("put", key, attempt -> {
            inner.putRetained(key, data, retention);
            return null;
        });
    }

    @Override
    public boolean putIfAbsentRetained(String key, byte[] data, ObjectRetention retention) throws IOException {
        return retry("putIfAbsent", key, attempt -> inner.putIfAbsentRetained(key, data, retention)
                || attempt > 1 && holdsExactly(key, data));
    }

    @Override
    public Optional<ObjectRetention> retention(String key) throws IOException {
        return retry("retention", key, attempt -> inner.retention(key));
    }

    @Override
    public void extendRetention(String key, ObjectRetention retention) throws IOException {
        retry("extendRetention", key, attempt -> {
            inner.extendRetention(key, retention);
            return null;
        });
    }

    @Override
    public List<DeleteMarker> deleteMarkers(String prefix) throws IOException {
        return retry("deleteMarkers", prefix, attempt -> inner.deleteMarkers(prefix));
    }

    /** Idempotent: removing a marker that is gone is a no-op, so a retry after a lost response is safe. */
    @Override
    public void removeDeleteMarker(DeleteMarker marker) throws IOException {
        retry("removeDeleteMarker", marker.key(), attempt -> {
            inner.removeDeleteMarker(marker);
            return null;
        });
    }

    @Override
    public boolean strongPutIfAbsent() {
        return inner.strongPutIfAbsent();
    }

    @Override
    public String location() {
        return inner.location();
    }

    @Override
    public void close() throws IOException {
        inner.close();
    }

    /** Whether the object under {@code key} holds exactly {@code data}; false if it is gone. */
    private boolean holdsExactly(String key, byte[] data) throws IOException {
        Optional<ObjectInfo> info = inner.stat(key);
        if (info.isEmpty() || info.get().size() != data.length) {
            return false;
        }
        try {
            boolean ours = Arrays.equals(inner.get(key), data);
            LOG.debug("putIfAbsent of {} in {} found the object after a failed attempt; its bytes {} ours",
                    key, inner.location(), ours ? "are" : "are not");
            return ours;
        } catch (NoSuchObjectException e) {
            return false; // deleted since: not ours to claim
        }
    }

    private <T> T retry(String operation, String key, Attempt<T> attempt) throws IOException {
        for (int n = 1; ; n++) {
            if (Thread.currentThread().isInterrupted()) {
                throw interrupted(operation, key, "before attempt " + n, null);
            }
            failIfUnreachable(operation, key, n);
            try {
                T result = attempt.run(n);
                unreachable = null;
                return result;
            } catch (IOException e) {
                if (e instanceof StoreException store && store.kind() == StoreException.Kind.UNREACHABLE) {
                    unreachable = new Unreachable(store, sleeper.nanoTime());
                }
                if (!retryable(e)) {
                    throw e;
                }
                if (Thread.currentThread().isInterrupted()) {
                    throw interrupted(operation, key, "after attempt " + n + " failed", e);
                }
                if (n >= policy.maxAttempts()) {
                    throw new RetriesExhaustedException(inner.location(), operation, key, n, e);
                }
                failIfUnreachable(operation, key, n + 1);
                Duration delay = policy.delayAfter(n, random);
                LOG.debug("{} of {} in {} failed (attempt {} of {}), retrying in {} ms: {}", operation, key,
                        inner.location(), n, policy.maxAttempts(), delay.toMillis(), e.toString());
                try {
                    sleeper.sleep(delay);
                } catch (InterruptedException interrupt) {
                    Thread.currentThread().interrupt();
                    throw interrupted(operation, key, "while waiting to retry after attempt " + n, e);
                }
            }
        }
    }

    /**
     * Throws without an attempt while the endpoint is known unreachable (see the class comment): a
     * {@link StoreException} of that kind naming the call, the age of the answer and the answer.
     */
    private void failIfUnreachable(String operation, String key, int attemptNumber) throws StoreException {
        Unreachable known = unreachable;
        if (known == null) {
            return;
        }
        long ago = sleeper.nanoTime() - known.since();
        if (ago >= UNREACHABLE_FOR.toNanos()) {
            return;
        }
        throw new StoreException(StoreException.Kind.UNREACHABLE, operation + " of " + key + " in " + inner.location()
                + ": attempt " + attemptNumber + " not made, the endpoint could not be reached " + ago / 1_000_000
                + " ms ago (" + known.answer().getMessage() + ")", known.answer());
    }

    /** Whether another attempt may succeed where {@code e} failed (see the class comment). */
    static boolean retryable(IOException e) {
        return e instanceof TransientStoreException || e instanceof SocketTimeoutException;
    }

    private InterruptedIOException interrupted(String operation, String key, String when, IOException last) {
        InterruptedIOException e = new InterruptedIOException(operation + " of " + key + " in "
                + inner.location() + ": interrupted " + when + "; not retrying");
        e.initCause(last);
        return e;
    }

    /** An "unreachable" answer and its time on the sleeper's clock. */
    private record Unreachable(StoreException answer, long since) {
        Unreachable {
            requireNonNull(answer, "answer is null");
        }
    }

    @FunctionalInterface
    private interface Attempt<T> {
        /** Runs attempt {@code number} (from 1). */
        T run(int number) throws IOException;
    }
}
