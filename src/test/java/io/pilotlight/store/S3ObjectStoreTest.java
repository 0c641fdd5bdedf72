package io.pilotlight.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.testing.S3ProxyFixture;
import io.pilotlight.testing.Slow;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The store contract on a real S3 server (S3Proxy in this JVM); each test gets its own prefix. */
@Slow
class S3ObjectStoreTest extends ObjectStoreContractTest {
    static final String BUCKET = "contract";
    private static final AtomicInteger TESTS = new AtomicInteger();

    @RegisterExtension
    static final S3ProxyFixture server = S3ProxyFixture.withBuckets(BUCKET);

    @Override
    protected ObjectStore newStore() {
        return server.open("s3://" + BUCKET + "/test-" + TESTS.incrementAndGet());
    }

    @Override
    protected boolean atomicPutIfAbsent() {
        return S3ProxyFixture.ATOMIC_CONDITIONAL_WRITES;
    }

    @Test
    void locationNamesBucketPrefixAndEndpoint() {
        assertThat(store.location()).matches("s3://contract/test-\\d+ at http://127\\.0\\.0\\.1:\\d+");
    }

    @Test
    void theProbeFindsThatS3ProxyHonoursIfNoneMatchAndLeavesNothingBehind() throws Exception {
        assertThat(store.strongPutIfAbsent()).isTrue();

        S3Location location = ((S3ObjectStore) store).s3Location();
        try (S3ObjectStore wholeBucket = server.open(location.withPrefix(""), S3Options.defaults())) {
            assertThat(wholeBucket.list(location.prefix())).isEmpty();
        }
        assertThat(store.putIfAbsent("locks/d1", bytes("mine"))).isTrue();
        assertThat(store.putIfAbsent("locks/d1", bytes("theirs"))).isFalse();
    }

    @Test
    void storesWithDifferentPrefixesInOneBucketDoNotSeeEachOther() throws Exception {
        try (S3ObjectStore left = server.open("s3://" + BUCKET + "/isolated/left");
                S3ObjectStore right = server.open("s3://" + BUCKET + "/isolated/right");
                S3ObjectStore parent = server.open("s3://" + BUCKET + "/isolated")) {
            left.put("config", bytes("left"));
            right.put("config", bytes("right"));
            right.put("data/one", bytes("1"));

            assertThat(left.list("")).containsExactly(new ObjectInfo("config", 4));
            assertThat(right.list("")).extracting(ObjectInfo::key).containsExactly("config", "data/one");
            assertThat(left.get("config")).isEqualTo(bytes("left"));
            assertThat(left.stat("data/one")).isEmpty();
            left.delete("data/one");
            assertThat(right.get("data/one")).isEqualTo(bytes("1"));
            assertThat(parent.list("")).extracting(ObjectInfo::key)
                    .containsExactly("left/config", "right/config", "right/data/one");
        }
    }

    @Test
    void objectsThatAreNotValidKeysAreNotListed() throws Exception {
        S3Location location = ((S3ObjectStore) store).s3Location();
        try (S3ObjectStore parent = server.open(location.withPrefix(""), S3Options.defaults());
                S3Client client = S3Clients.create(location, S3Options.defaults(),
                        S3Clients.DEFAULT_REGION, S3ProxyFixture.credentials(), List.of())) {
            store.put("data/one", bytes("1"));
            client.putObject(request -> request.bucket(BUCKET).key(location.prefix() + "README.TXT"),
                    RequestBody.fromString("hands off"));

            assertThat(store.list("")).extracting(ObjectInfo::key).containsExactly("data/one");
            assertThat(parent.list(location.prefix())).hasSize(1);
        }
    }

    @Test
    void listingFollowsContinuationTokensPastOneThousandKeys() throws Exception {
        for (int i = 0; i < 1005; i++) {
            store.put(String.format("many/%04d", i), new byte[i % 3]);
        }

        List<ObjectInfo> listed = store.list("many/");

        assertThat(listed).hasSize(1005);
        assertThat(listed.get(0)).isEqualTo(new ObjectInfo("many/0000", 0));
        assertThat(listed.get(1004)).isEqualTo(new ObjectInfo("many/1004", 2));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }
}
