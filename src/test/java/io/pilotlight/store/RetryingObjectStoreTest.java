package io.pilotlight.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pilotlight.store.FaultyObjectStore.When;
import io.pilotlight.testing.FakeSleeper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RetryingObjectStoreTest {
    private final InMemoryObjectStore memory = new InMemoryObjectStore();
    private final FakeSleeper sleeper = FakeSleeper.advancing();

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    @Test
    void retriesTransientFailuresThenSucceeds() throws Exception {
        FaultyObjectStore faulty = faulty(When.BEFORE, transientFault()).failFirst(3);

        retrying(faulty).put("data/a", bytes("x"));

        assertThat(faulty.calls()).isEqualTo(4);
        assertThat(memory.get("data/a")).isEqualTo(bytes("x"));
        assertThat(sleeper.sleeps()).hasSize(3);
    }

    @Test
    void backoffIsFullJitterUnderADoublingCeiling() throws Exception {
        FaultyObjectStore faulty = faulty(When.BEFORE, transientFault()).failFirst(5);

        new RetryingObjectStore(faulty, RetryPolicy.DEFAULT, sleeper, new Random(42)).list("");

        Random same = new Random(42);
        List<Duration> expected = new ArrayList<>();
        for (int failed = 1; failed <= 5; failed++) {
            expected.add(RetryPolicy.DEFAULT.delayAfter(failed, same));
        }
        assertThat(sleeper.sleeps()).containsExactlyElementsOf(expected);
        for (int i = 0; i < 5; i++) {
            assertThat(sleeper.sleeps().get(i)).isBetween(Duration.ZERO, Duration.ofMillis(200L << i));
        }
    }

    @Test
    void afterTheLastAttemptThrowsRetriesExhaustedNamingOperationKeyAttemptsAndCause() {
        FaultyObjectStore faulty = faulty(When.BEFORE, transientFault()).failFirst(100);

        assertThatThrownBy(() -> retrying(faulty).put("packs/ab/cd", bytes("x")))
                .isInstanceOfSatisfying(RetriesExhaustedException.class, e -> {
                    assertThat(e.operation()).isEqualTo("put");
                    assertThat(e.key()).isEqualTo("packs/ab/cd");
                    assertThat(e.attempts()).isEqualTo(6);
                    assertThat(e.getCause()).isInstanceOf(TransientStoreException.class);
                })
                .hasMessage("put of packs/ab/cd in faulty:memory failed after 6 attempts: 503 Slow Down");
        assertThat(faulty.calls()).isEqualTo(6);
        assertThat(sleeper.sleeps()).hasSize(5);
    }

    @Test
    void nestedRetryDoesNotRetryWhatWasAlreadyRetried() {
        FaultyObjectStore faulty = faulty(When.BEFORE, transientFault()).failFirst(100);
        ObjectStore nested = new RetryingObjectStore(retrying(faulty), RetryPolicy.DEFAULT, sleeper);

        assertThatThrownBy(() -> nested.get("k")).isInstanceOf(RetriesExhaustedException.class);
        assertThat(faulty.calls()).as("6, not 36").isEqualTo(6);
    }

    @Test
    void aMissingObjectIsAnAnswerNotRetried() {
        FaultyObjectStore counting = faulty(When.BEFORE, transientFault());

        assertThatThrownBy(() -> retrying(counting).get("missing")).isInstanceOf(NoSuchObjectException.class);
        assertThat(counting.calls()).isEqualTo(1);
        assertThat(sleeper.sleeps()).isEmpty();
    }

    @Test
    void nonRetryableFailuresPassThroughAtOnce() {
        List<Supplier<IOException>> faults = List.of(
                () -> new StoreException(StoreException.Kind.ACCESS_DENIED, "bucket b: access denied", null),
                () -> new NoSuchObjectException("memory", "k"),
                () -> new RetriesExhaustedException("below", "get", "k", 6, new IOException("reset")),
                () -> new InterruptedIOException("cancelled"),
                () -> new IOException("400 InvalidArgument: permanent"),
                ClosedByInterruptException::new);
        for (Supplier<IOException> fault : faults) {
            FaultyObjectStore faulty = faulty(When.BEFORE, fault).failFirst(100);
            IOException expected = fault.get();

            assertThatThrownBy(() -> retrying(faulty).put("k", bytes("x"))).isInstanceOf(expected.getClass());
            assertThat(faulty.calls()).as(expected.getClass().getSimpleName()).isEqualTo(1);
        }
        assertThat(sleeper.sleeps()).isEmpty();
    }

    @Test
    void anInvalidKeyIsNotRetried() {
        FaultyObjectStore counting = faulty(When.BEFORE, transientFault());

        assertThatThrownBy(() -> retrying(counting).put("Bad Key", bytes("x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(counting.calls()).isEqualTo(1);
    }

    @Test
    void aSocketTimeoutIsATimeoutNotAnInterruptAndIsRetried() throws Exception {
        FaultyObjectStore faulty = faulty(When.BEFORE, () -> new SocketTimeoutException("read timed out"))
                .failFirst(2);

        assertThat(retrying(faulty).stat("k")).isEmpty();
        assertThat(faulty.calls()).isEqualTo(3);
    }

    @Test
    void anInterruptedThreadMakesNoAttempt() {
        FaultyObjectStore counting = faulty(When.BEFORE, transientFault());
        Thread.currentThread().interrupt();

        assertThatThrownBy(() -> retrying(counting).put("k", bytes("x")))
                .isInstanceOf(InterruptedIOException.class)
                .hasMessageContaining("put of k in faulty:memory: interrupted before attempt 1");
        assertThat(counting.calls()).isZero();
        assertThat(Thread.currentThread().isInterrupted()).as("flag kept").isTrue();
    }

    @Test
    void anInterruptDuringAnAttemptStopsRetryingWithoutWaiting() {
        FaultyObjectStore faulty = faulty(When.BEFORE, () -> {
            Thread.currentThread().interrupt(); // the pipeline cancels while the request runs
            return new TransientStoreException("connection reset", null);
        }).failFirst(100);

        assertThatThrownBy(() -> retrying(faulty).put("k", bytes("x")))
                .isInstanceOf(InterruptedIOException.class)
                .hasMessageContaining("interrupted after attempt 1 failed")
                .hasCauseInstanceOf(TransientStoreException.class);
        assertThat(faulty.calls()).isEqualTo(1);
        assertThat(sleeper.sleeps()).isEmpty();
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
    }

    @Test
    void anInterruptDuringTheBackoffWaitStopsItAtOnce() throws Exception {
        FaultyObjectStore faulty = faulty(When.BEFORE, transientFault()).failFirst(100);
        RetryPolicy slow = new RetryPolicy(Duration.ofMinutes(5), Duration.ofMinutes(5), 6);
        ObjectStore store = new RetryingObjectStore(faulty, slow, Sleeper.SYSTEM, new Random(3) {
            @Override
            public double nextDouble() {
                return 1.0; // always the full five minutes
            }
        });
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> flag = new AtomicReference<>();
        Thread uploader = new Thread(() -> {
            try {
                store.put("k", bytes("x"));
            } catch (Throwable e) {
                thrown.set(e);
            }
            flag.set(Thread.currentThread().isInterrupted());
        });
        uploader.start();
        while (faulty.calls() == 0 || uploader.getState() != Thread.State.TIMED_WAITING) {
            Thread.sleep(5);
        }
        long start = System.nanoTime();
        uploader.interrupt();
        uploader.join(10_000);

        assertThat(uploader.isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(thrown.get()).isInstanceOf(InterruptedIOException.class)
                .hasMessageContaining("interrupted while waiting to retry after attempt 1");
        assertThat(flag.get()).isTrue();
        assertThat(faulty.calls()).isEqualTo(1);
    }

    @Test
    void putIfAbsentWhoseFirstAttemptCreatedTheObjectReturnsTrue() throws Exception {
        FaultyObjectStore faulty = faulty(When.AFTER, transientFault()).only("putIfAbsent").failFirst(1);

        assertThat(retrying(faulty).putIfAbsent("locks/disk", bytes("holder 1"))).isTrue();
        assertThat(faulty.calls()).isEqualTo(2);
        assertThat(memory.get("locks/disk")).isEqualTo(bytes("holder 1"));
    }

    @Test
    void putIfAbsentAfterAFailureStillLosesToAnotherWritersObject() throws Exception {
        memory.put("locks/disk", bytes("holder 2"));
        FaultyObjectStore faulty = faulty(When.BEFORE, transientFault()).only("putIfAbsent").failFirst(1);

        assertThat(retrying(faulty).putIfAbsent("locks/disk", bytes("holder 1"))).as("same size").isFalse();
        assertThat(retrying(faulty).putIfAbsent("locks/disk", bytes("holder 10"))).isFalse();
        assertThat(memory.get("locks/disk")).isEqualTo(bytes("holder 2"));
    }

    @Test
    void putIfAbsentWithoutAFailureNeverReadsBack() throws Exception {
        memory.put("locks/disk", bytes("mine"));
        FaultyObjectStore counting = faulty(When.BEFORE, transientFault()).only("get", "stat");

        assertThat(retrying(counting).putIfAbsent("locks/disk", bytes("mine"))).isFalse();
        assertThat(counting.calls()).isZero();
    }

    private FaultyObjectStore faulty(When when, Supplier<? extends IOException> fault) {
        return new FaultyObjectStore(memory, when, fault);
    }

    @Test
    void afterAnUnreachableAnswerEveryCallFailsUntriedForAWhileThenIsTriedAgain() throws Exception {
        memory.put("k", bytes("x"));
        FaultyObjectStore faulty = faulty(When.BEFORE, RetryingObjectStoreTest::unreachable).failFirst(1);
        RetryingObjectStore store = retrying(faulty);

        assertThatThrownBy(() -> store.get("k")).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.delete("locks/d1"))
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.UNREACHABLE))
                .hasMessage("delete of locks/d1 in faulty:memory: attempt 1 not made, the endpoint could not be"
                        + " reached 0 ms ago (cannot reach S3 endpoint http://127.0.0.1:1: Connection refused)");
        assertThat(faulty.calls()).as("the delete made no request").isEqualTo(1);
        assertThat(sleeper.sleeps()).isEmpty();

        sleeper.sleep(RetryingObjectStore.UNREACHABLE_FOR);
        assertThat(store.get("k")).isEqualTo(bytes("x"));
        assertThat(faulty.calls()).isEqualTo(2);
    }

    @Test
    void aCallRunningWhenTheEndpointIsFoundUnreachableIsNotRetried() {
        AtomicReference<RetryingObjectStore> store = new AtomicReference<>();
        List<String> faults = new ArrayList<>();
        FaultyObjectStore faulty = faulty(When.BEFORE, () -> {
            faults.add("fault");
            if (faults.size() == 1) { // meanwhile another call finds the endpoint unreachable
                assertThatThrownBy(() -> store.get().get("other")).isInstanceOf(StoreException.class);
                return new TransientStoreException("connection reset", null);
            }
            return unreachable();
        }).failFirst(100);
        store.set(retrying(faulty));

        assertThatThrownBy(() -> store.get().put("data/ab/cd", bytes("x")))
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.UNREACHABLE))
                .hasMessageStartingWith("put of data/ab/cd in faulty:memory: attempt 2 not made");
        assertThat(faulty.calls()).as("the put's first attempt and the other call").isEqualTo(2);
        assertThat(sleeper.sleeps()).as("no backoff waited").isEmpty();
    }

    private static StoreException unreachable() {
        return new StoreException(StoreException.Kind.UNREACHABLE,
                "cannot reach S3 endpoint http://127.0.0.1:1: Connection refused", null);
    }

    private RetryingObjectStore retrying(ObjectStore inner) {
        return new RetryingObjectStore(inner, RetryPolicy.DEFAULT, sleeper, new Random(42));
    }

    private static Supplier<IOException> transientFault() {
        return () -> new TransientStoreException("503 Slow Down", null);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }
}
