package io.pilotlight.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every {@link ObjectStore} promises. Subclasses supply a fresh, empty store; tests use only
 * the interface, so the same tests run against memory, a directory and S3.
 */
public abstract class ObjectStoreContractTest {
    protected ObjectStore store;

    /** A new, empty store. */
    protected abstract ObjectStore newStore() throws Exception;

    /**
     * Capability: whether {@link ObjectStore#putIfAbsent} is atomic against concurrent writers. A
     * store without it (an S3 service that ignores {@code If-None-Match}) still never loses the
     * object, but several racing writers may each be told they created it.
     */
    protected boolean atomicPutIfAbsent() {
        return true;
    }

    @BeforeEach
    void openStore() throws Exception {
        store = newStore();
    }

    @AfterEach
    void closeStore() throws Exception {
        store.close();
    }

    @Test
    void putThenGetReturnsTheBytes() throws Exception {
        store.put("data/ab/chunk-1", bytes("hello"));

        assertThat(store.get("data/ab/chunk-1")).isEqualTo(bytes("hello"));
    }

    @Test
    void putReplacesAnExistingObject() throws Exception {
        store.put("config", bytes("first version"));
        store.put("config", bytes("second"));

        assertThat(store.get("config")).isEqualTo(bytes("second"));
        assertThat(store.stat("config")).contains(new ObjectInfo("config", 6));
    }

    @Test
    void storedBytesAreCopiesOfTheCallersArrays() throws Exception {
        byte[] data = bytes("abc");
        store.put("k", data);
        data[0] = 'x';
        byte[] read = store.get("k");
        read[1] = 'y';

        assertThat(store.get("k")).isEqualTo(bytes("abc"));
    }

    @Test
    void putIfAbsentCreatesOnceAndKeepsTheOriginal() throws Exception {
        assertThat(store.putIfAbsent("locks/one", bytes("original"))).isTrue();
        assertThat(store.putIfAbsent("locks/one", bytes("intruder"))).isFalse();

        assertThat(store.get("locks/one")).isEqualTo(bytes("original"));
    }

    @Test
    void concurrentPutIfAbsentHasExactlyOneWinner() throws Exception {
        int writers = 8;
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Boolean>> calls = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            byte[] data = bytes("writer " + i);
            calls.add(() -> {
                start.await();
                return store.putIfAbsent("race/key", data);
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (Callable<Boolean> call : calls) {
                results.add(pool.submit(call));
            }
            start.countDown();
            List<Integer> winners = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                if (results.get(i).get()) {
                    winners.add(i);
                }
            }
            if (atomicPutIfAbsent()) {
                assertThat(winners).hasSize(1);
                assertThat(store.get("race/key")).isEqualTo(bytes("writer " + winners.get(0)));
            } else {
                assertThat(winners).isNotEmpty();
                assertThat(winners.stream().map(i -> bytes("writer " + i))).contains(store.get("race/key"));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rangedGetReadsTheStartMiddleAndEnd() throws Exception {
        store.put("r", bytes("0123456789"));

        assertThat(store.get("r", 0, 3)).isEqualTo(bytes("012"));
        assertThat(store.get("r", 4, 2)).isEqualTo(bytes("45"));
        assertThat(store.get("r", 7, 3)).isEqualTo(bytes("789"));
        assertThat(store.get("r", 0, 10)).isEqualTo(bytes("0123456789"));
    }

    @Test
    void rangedGetOfZeroBytesIsEmpty() throws Exception {
        store.put("r", bytes("0123456789"));

        assertThat(store.get("r", 5, 0)).isEmpty();
        assertThat(store.get("r", 10, 0)).isEmpty();
    }

    @Test
    void rangedGetPastTheEndNamesTheKeyRangeAndSize() throws Exception {
        store.put("data/r", bytes("0123456789"));

        assertThatThrownBy(() -> store.get("data/r", 8, 3))
                .isInstanceOf(java.io.IOException.class)
                .isNotInstanceOf(NoSuchObjectException.class)
                .hasMessageContaining("data/r")
                .hasMessageContaining("[8, 11)")
                .hasMessageContaining("size 10");
        assertThatThrownBy(() -> store.get("data/r", 11, 0)).hasMessageContaining("data/r");
        assertThatThrownBy(() -> store.get("data/r", Long.MAX_VALUE, 1)).hasMessageContaining("data/r");
    }

    @Test
    void rangedGetWithANegativeOffsetOrLengthIsRejected() throws Exception {
        store.put("r", bytes("0123456789"));

        assertThatThrownBy(() -> store.get("r", -1, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("object r");
        assertThatThrownBy(() -> store.get("r", 0, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("object r");
    }

    @Test
    void aMissingObjectIsNoSuchObjectNamingTheKey() {
        assertThatThrownBy(() -> store.get("points/missing"))
                .isInstanceOfSatisfying(NoSuchObjectException.class,
                        e -> assertThat(e.key()).isEqualTo("points/missing"))
                .hasMessageContaining("points/missing");
        assertThatThrownBy(() -> store.get("points/missing", 0, 1))
                .isInstanceOf(NoSuchObjectException.class)
                .hasMessageContaining("points/missing");
    }

    @Test
    void statReportsTheSizeOrEmpty() throws Exception {
        store.put("s/present", bytes("12345"));

        assertThat(store.stat("s/present")).contains(new ObjectInfo("s/present", 5));
        assertThat(store.stat("s/absent")).isEmpty();
        assertThat(store.stat("s")).as("a prefix of keys is not an object").isEmpty();
    }

    @Test
    void listReturnsMatchingKeysSortedWithSizes() throws Exception {
        for (String key : List.of("data/b/y", "index/1", "data/abc/x", "data/ab", "data/abd", "data/abc/w")) {
            store.put(key, bytes(key));
        }

        assertThat(store.list("data/")).extracting(ObjectInfo::key)
                .containsExactly("data/ab", "data/abc/w", "data/abc/x", "data/abd", "data/b/y");
        assertThat(store.list("data/abc/")).extracting(ObjectInfo::key)
                .containsExactly("data/abc/w", "data/abc/x");
        assertThat(store.list("index/")).containsExactly(new ObjectInfo("index/1", 7));
        assertThat(store.list("nothing/")).isEmpty();
        assertThat(store.list("data/b/y/")).isEmpty();
    }

    @Test
    void listPrefixMayEndInTheMiddleOfASegment() throws Exception {
        for (String key : List.of("data/abc/x", "data/ab", "data/abd", "data/b/y", "dat")) {
            store.put(key, bytes(key));
        }

        assertThat(store.list("data/ab")).extracting(ObjectInfo::key)
                .containsExactly("data/ab", "data/abc/x", "data/abd");
        assertThat(store.list("data/abc")).extracting(ObjectInfo::key).containsExactly("data/abc/x");
        assertThat(store.list("da")).extracting(ObjectInfo::key)
                .containsExactly("dat", "data/ab", "data/abc/x", "data/abd", "data/b/y");
    }

    @Test
    void listWithAnEmptyPrefixReturnsEverythingInKeyOrder() throws Exception {
        for (String key : List.of("a0", "a/b", "a-b", "a.b", "b", "a/a/a")) {
            store.put(key, bytes(key));
        }

        assertThat(store.list("")).extracting(ObjectInfo::key)
                .containsExactly("a-b", "a.b", "a/a/a", "a/b", "a0", "b");
    }

    @Test
    void listAfterReturnsOnlyTheKeysSortingAfterStartAfter() throws Exception {
        for (String key : List.of("index/0a", "index/ff", "index/t20261204120000000-aa", "index/t20261204120000000-bb",
                "index/t20261204130000000-00", "indexes", "data/ab")) {
            store.put(key, bytes(key));
        }

        assertThat(store.list("index/", "index/t20261204120000000-aa")).extracting(ObjectInfo::key)
                .containsExactly("index/t20261204120000000-bb", "index/t20261204130000000-00");
        assertThat(store.list("index/", "index/t20261204120000000")).extracting(ObjectInfo::key)
                .containsExactly("index/t20261204120000000-aa", "index/t20261204120000000-bb",
                        "index/t20261204130000000-00");
        assertThat(store.list("index/", "index/t20261204130000000-00")).isEmpty();
        assertThat(store.list("index/", "index/t3")).isEmpty();
        assertThat(store.list("index/", "index/t20261204120000000-bb")).containsExactly(
                new ObjectInfo("index/t20261204130000000-00", 27));
    }

    @Test
    void listAfterAnEmptyOrEarlierStartAfterListsTheWholePrefix() throws Exception {
        for (String key : List.of("index/0a", "index/t1-aa", "indexes", "config")) {
            store.put(key, bytes(key));
        }

        assertThat(store.list("index/", "")).extracting(ObjectInfo::key).containsExactly("index/0a", "index/t1-aa");
        assertThat(store.list("index/", "config")).extracting(ObjectInfo::key).containsExactly("index/0a", "index/t1-aa");
        assertThat(store.list("index/", "indexes")).isEmpty();
        assertThat(store.list("", "index/0a")).extracting(ObjectInfo::key).containsExactly("index/t1-aa", "indexes");
    }

    @Test
    void listAfterCrossesPagesInOrder() throws Exception {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            keys.add(String.format("p/k%03d", i));
            store.put(keys.get(i), bytes("x"));
        }

        assertThat(store.list("p/", "p/k009")).extracting(ObjectInfo::key).containsExactlyElementsOf(keys.subList(10, 30));
    }

    @Test
    void listOfAnEmptyStoreIsEmpty() throws Exception {
        assertThat(store.list("")).isEmpty();
        assertThat(store.list("data/")).isEmpty();
    }

    @Test
    void deleteAllRemovesEveryKeyInBatchesAndIgnoresMissingOnes() throws Exception {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 1005; i++) {
            String key = String.format("data/%02x/pack-%04d", i % 7, i);
            keys.add(key);
            store.put(key, bytes("p" + i));
        }
        store.put("data/keep", bytes("kept"));
        keys.add("data/never-there");

        store.deleteAll(keys);
        store.deleteAll(List.of());

        assertThat(store.list("data/")).extracting(ObjectInfo::key).containsExactly("data/keep");
    }

    @Test
    void deleteRemovesAndIsIdempotent() throws Exception {
        store.put("d/one", bytes("1"));
        store.put("d/two", bytes("2"));

        store.delete("d/one");
        store.delete("d/one");
        store.delete("d/never-existed");

        assertThat(store.stat("d/one")).isEmpty();
        assertThatThrownBy(() -> store.get("d/one")).isInstanceOf(NoSuchObjectException.class);
        assertThat(store.list("d/")).extracting(ObjectInfo::key).containsExactly("d/two");
        assertThat(store.putIfAbsent("d/one", bytes("again"))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "/x", "a//b", "A", ".hidden", "a/.b", "a/", "-a", "a b", "a\\b"})
    void invalidKeysAreRejectedNamingTheKey(String key) {
        List<ThrowingCall> calls = List.of(
                () -> store.put(key, bytes("x")),
                () -> store.putIfAbsent(key, bytes("x")),
                () -> store.get(key),
                () -> store.get(key, 0, 0),
                () -> store.stat(key),
                () -> store.delete(key));
        for (ThrowingCall call : calls) {
            assertThatThrownBy(call::run)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + key + "'");
        }
    }

    @Test
    void anEmptyKeyIsRejected() {
        assertThatThrownBy(() -> store.put("", bytes("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> store.get("")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../", "/", "A", ".tmp-", "a//"})
    void invalidListPrefixesAreRejected(String prefix) {
        assertThatThrownBy(() -> store.list(prefix)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void emptyObjectsAreObjects() throws Exception {
        store.put("empty/one", new byte[0]);
        assertThat(store.putIfAbsent("empty/two", new byte[0])).isTrue();

        assertThat(store.get("empty/one")).isEmpty();
        assertThat(store.get("empty/two", 0, 0)).isEmpty();
        assertThat(store.stat("empty/one")).contains(new ObjectInfo("empty/one", 0));
        assertThat(store.list("empty/")).containsExactly(
                new ObjectInfo("empty/one", 0), new ObjectInfo("empty/two", 0));
    }

    @Test
    void aTwentyMebibyteObjectRoundTrips() throws Exception {
        byte[] data = new byte[20 * 1024 * 1024];
        new Random(42).nextBytes(data);

        store.put("big/object", data);

        assertThat(store.get("big/object")).isEqualTo(data);
        assertThat(store.stat("big/object")).contains(new ObjectInfo("big/object", data.length));
        byte[] tail = store.get("big/object", data.length - 65536, 65536);
        assertThat(tail).isEqualTo(java.util.Arrays.copyOfRange(data, data.length - 65536, data.length));
    }

    @Test
    void locationIsNamed() {
        assertThat(store.location()).isNotBlank();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws Exception;
    }
}
