package io.pilotlight.repo;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.repo.seal.MasterKey;
import io.pilotlight.repo.seal.ObjectSeal;
import io.pilotlight.store.InMemoryObjectStore;
import io.pilotlight.store.ObjectInfo;
import io.pilotlight.store.ObjectStore;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ObjectStore#list(String, String)} through the repository's own decorators (sealing, Object
 * Lock retention), which the store package's contract tests cannot build: the listing after a key is
 * the inner store's, sizes as each decorator reports them in its plain listing.
 */
class SealedObjectStoreListTest {
    static Stream<Function<ObjectStore, ObjectStore>> decorators() {
        return Stream.of(
                inner -> new SealedObjectStore(inner, new ObjectSeal(MasterKey.random())),
                inner -> new RetainingObjectStore(inner, new ObjectLock("governance", 1), Clock.systemUTC(),
                        PackLocks.inMemory()));
    }

    @ParameterizedTest
    @MethodSource("decorators")
    void listAfterMatchesTheFullListingAfterTheKey(Function<ObjectStore, ObjectStore> decorator) throws Exception {
        ObjectStore store = decorator.apply(new InMemoryObjectStore());
        for (String key : List.of("index/00", "index/t20261204120000000-aa", "index/t20261204130000000-bb", "prune/x")) {
            store.put(key, new byte[] {1, 2, 3});
        }

        List<ObjectInfo> after = store.list("index/", "index/t20261204120000000-aa");

        assertThat(after).extracting(ObjectInfo::key).containsExactly("index/t20261204130000000-bb");
        assertThat(after).containsExactlyElementsOf(store.list("index/").subList(2, 3));
        assertThat(store.list("index/", "")).isEqualTo(store.list("index/"));
    }
}
