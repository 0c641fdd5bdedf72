package io.pilotlight.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pilotlight.store.StoreListener.Kind;
import io.pilotlight.store.StoreMeter.Counts;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class MeteredObjectStoreTest {
    private final InMemoryObjectStore memory = new InMemoryObjectStore();

    /** Records events as text: "started PUT k", "finished PUT k 5", "failed GET k NoSuchObjectException". */
    private static final class Recording implements StoreListener {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void requestStarted(Kind kind, String key) {
            events.add("started " + kind + " " + key);
        }

        @Override
        public void requestFinished(Kind kind, String key, long bytes, long nanos) {
            assertThat(nanos).isNotNegative();
            events.add("finished " + kind + " " + key + " " + bytes);
        }

        @Override
        public void requestFailed(Kind kind, String key, IOException failure, long nanos) {
            Throwable shown = failure.getClass() == IOException.class && failure.getCause() != null
                    ? failure.getCause() : failure;
            events.add("failed " + kind + " " + key + " " + shown.getClass().getSimpleName());
        }
    }

    @Test
    void everyRequestHasAStartAndOneEndWithItsBytes() throws Exception {
        Recording recording = new Recording();
        ObjectStore store = new MeteredObjectStore(memory, recording);

        store.put("a/one", bytes("hello"));
        store.putIfAbsent("a/one", bytes("hi"));
        store.get("a/one");
        store.get("a/one", 1, 3);
        store.stat("a/one");
        store.list("a/");
        store.delete("a/one");
        assertThatThrownBy(() -> store.get("a/one")).isInstanceOf(NoSuchObjectException.class);
        assertThatThrownBy(() -> store.put("Bad", bytes("x"))).isInstanceOf(IllegalArgumentException.class);

        assertThat(recording.events).containsExactly(
                "started PUT a/one", "finished PUT a/one 5",
                "started PUT_IF_ABSENT a/one", "finished PUT_IF_ABSENT a/one 2",
                "started GET a/one", "finished GET a/one 5",
                "started GET_RANGE a/one", "finished GET_RANGE a/one 3",
                "started STAT a/one", "finished STAT a/one 0",
                "started LIST a/", "finished LIST a/ 0",
                "started DELETE a/one", "finished DELETE a/one 0",
                "started GET a/one", "failed GET a/one NoSuchObjectException",
                "started PUT Bad", "failed PUT Bad IllegalArgumentException");
    }

    @Test
    void theMeterCountsRequestsFailuresAndBytesPerKind() throws Exception {
        StoreMeter meter = new StoreMeter();
        ObjectStore store = new MeteredObjectStore(memory, meter);

        store.put("k", new byte[100]);
        store.put("k", new byte[50]);
        store.get("k", 0, 10);
        assertThatThrownBy(() -> store.get("missing")).isInstanceOf(NoSuchObjectException.class);
        store.list("");

        StoreMeter.Snapshot snapshot = meter.snapshot();
        assertThat(snapshot.of(Kind.PUT)).extracting(Counts::requests, Counts::failures, Counts::bytes)
                .containsExactly(2L, 0L, 150L);
        assertThat(snapshot.of(Kind.GET)).extracting(Counts::requests, Counts::failures, Counts::bytes)
                .containsExactly(1L, 1L, 0L);
        assertThat(snapshot.of(Kind.GET_RANGE).bytes()).isEqualTo(10);
        assertThat(snapshot.of(Kind.DELETE)).isEqualTo(Counts.ZERO);
        assertThat(snapshot.requests()).isEqualTo(5);
        assertThat(snapshot.failures()).isEqualTo(1);
        assertThat(snapshot.bytesSent()).isEqualTo(150);
        assertThat(snapshot.bytesReceived()).isEqualTo(10);
    }

    @Test
    void theMeterCountsListPagesOfAThousandKeysAndTheKeysListed() throws Exception {
        StoreMeter meter = new StoreMeter();
        ObjectStore store = new MeteredObjectStore(memory, meter);
        for (int i = 0; i < 2001; i++) {
            memory.put(String.format("index/%05d", i), new byte[1]);
        }

        store.list("index/");
        store.list("index/", "index/01500");
        store.list("nothing/");

        StoreMeter.Snapshot snapshot = meter.snapshot();
        assertThat(snapshot.of(Kind.LIST).requests()).isEqualTo(3);
        assertThat(snapshot.listPages()).isEqualTo(3 + 1 + 1);
        assertThat(snapshot.listedKeys()).isEqualTo(2001 + 500);
    }

    @Test
    void theMeterIsExactUnderConcurrentRequests() throws Exception {
        StoreMeter meter = new StoreMeter();
        ObjectStore store = new MeteredObjectStore(memory, meter);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        store.put("t" + thread + "/" + i, new byte[3]);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(meter.snapshot().of(Kind.PUT)).extracting(Counts::requests, Counts::bytes)
                .containsExactly(1600L, 4800L);
    }

    @Test
    void aListenerThatThrowsIsHarmless() throws Exception {
        StoreListener broken = new StoreListener() {
            @Override
            public void requestFinished(Kind kind, String key, long bytes, long nanos) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void requestFailed(Kind kind, String key, IOException failure, long nanos) {
                throw new IllegalStateException("listener bug");
            }
        };
        ObjectStore store = new MeteredObjectStore(memory, broken);

        store.put("k", bytes("v"));
        assertThat(store.get("k")).isEqualTo(bytes("v"));
        assertThat(store.putIfAbsent("k", bytes("w"))).isFalse();
        assertThatThrownBy(() -> store.get("missing"))
                .as("the store's own failure, not the listener's")
                .isInstanceOf(NoSuchObjectException.class);
    }

    @Test
    void snapshotRejectsNegativeCounts() {
        assertThatThrownBy(() -> new Counts(-1, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("requests -1");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }
}
