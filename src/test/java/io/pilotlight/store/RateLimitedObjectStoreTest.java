package io.pilotlight.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pilotlight.testing.FakeSleeper;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RateLimitedObjectStoreTest {
    private static final int MIB = 1 << 20;

    private final InMemoryObjectStore memory = new InMemoryObjectStore();

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    @Test
    void sixtyFourMebibytesAtEightPerSecondTakeEightSecondsLessTheOneSecondBurst() throws Exception {
        FakeSleeper clock = FakeSleeper.advancing();
        ObjectStore store = new RateLimitedObjectStore(memory, 8L * MIB, clock);
        byte[] mebibyte = new byte[MIB];

        for (int i = 0; i < 64; i++) {
            store.put("data/" + i, mebibyte);
        }

        assertThat(clock.total()).isBetween(Duration.ofSeconds(7), Duration.ofMillis(7010));
        assertThat(clock.sleeps()).as("the first second's worth passes at once").hasSize(64 - 8);
    }

    @Test
    void oneLargeUploadWaitsForItsWholeDebt() throws Exception {
        FakeSleeper clock = FakeSleeper.advancing();
        ObjectStore store = new RateLimitedObjectStore(memory, 4L * MIB, clock);

        assertThat(store.putIfAbsent("packs/one", new byte[16 * MIB])).isTrue();

        assertThat(clock.total()).isBetween(Duration.ofMillis(2999), Duration.ofMillis(3001));
    }

    @Test
    void theBucketIsSharedByAllThreads() throws Exception {
        FakeSleeper frozen = FakeSleeper.frozen();
        ObjectStore store = new RateLimitedObjectStore(memory, 8L * MIB, frozen);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> uploads = new ArrayList<>();
            for (int thread = 0; thread < 4; thread++) {
                int t = thread;
                uploads.add(pool.submit(() -> {
                    for (int i = 0; i < 16; i++) {
                        store.put("data/" + t + "-" + i, new byte[MIB]);
                    }
                    return null;
                }));
            }
            for (Future<?> upload : uploads) {
                upload.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(frozen.longest()).as("the last of 64 MiB was booked 8 s - 1 s ahead")
                .isBetween(Duration.ofSeconds(7), Duration.ofMillis(7010));
        assertThat(memory.list("data/")).hasSize(64);
    }

    @Test
    void downloadsHaveTheirOwnLimitAndStatListDeleteAreFree() throws Exception {
        FakeSleeper clock = FakeSleeper.advancing();
        memory.put("packs/one", new byte[8 * MIB]);
        ObjectStore store = new RateLimitedObjectStore(memory, 0, 2L * MIB, clock);

        store.put("free", new byte[8 * MIB]);
        store.stat("packs/one");
        store.list("");
        store.delete("free");
        assertThat(clock.sleeps()).as("uploads unlimited, no-body requests free").isEmpty();

        store.get("packs/one");
        store.get("packs/one", 0, 4 * MIB);

        assertThat(clock.total()).isBetween(Duration.ofMillis(4999), Duration.ofMillis(5001));
    }

    @Test
    void zeroMeansUnlimitedAndNegativeIsRejected() throws Exception {
        FakeSleeper clock = FakeSleeper.advancing();
        new RateLimitedObjectStore(memory, 0, 0, clock).put("k", new byte[64 * MIB]);
        assertThat(clock.sleeps()).isEmpty();

        assertThatThrownBy(() -> new RateLimitedObjectStore(memory, -1, clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("upload limit -1 bytes/s is negative; use 0 for unlimited");
    }

    @Test
    void anInterruptWhileWaitingStopsTheUploadAtOnce() throws Exception {
        ObjectStore store = new RateLimitedObjectStore(memory, 1024, Sleeper.SYSTEM);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> flag = new AtomicReference<>();
        Thread uploader = new Thread(() -> {
            try {
                store.put("big", new byte[MIB]); // would wait about 1000 s
            } catch (Throwable e) {
                thrown.set(e);
            }
            flag.set(Thread.currentThread().isInterrupted());
        });
        uploader.start();
        while (uploader.getState() != Thread.State.TIMED_WAITING && uploader.isAlive()) {
            Thread.sleep(5);
        }
        uploader.interrupt();
        uploader.join(10_000);

        assertThat(uploader.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(InterruptedIOException.class)
                .hasMessage("put of big in memory: interrupted while waiting for the 1024 bytes/s limit");
        assertThat(flag.get()).isTrue();
        assertThat(memory.stat("big")).as("not sent").isEmpty();
    }
}
