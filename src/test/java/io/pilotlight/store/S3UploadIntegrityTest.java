package io.pilotlight.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.pilotlight.store.FaultProxy.CorruptBody;
import io.pilotlight.store.FaultProxy.PassThrough;
import io.pilotlight.testing.S3ProxyFixture;
import io.pilotlight.testing.Slow;
import java.io.IOException;
import java.net.URI;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An upload damaged between the client and the service never becomes an object: the service
 * checks the body against the SHA-256 the client signed ({@code x-amz-content-sha256}) and refuses
 * it. S3Proxy ← {@link FaultProxy} (flips one bit of each body) ← {@link S3ObjectStore}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@Slow
class S3UploadIntegrityTest {
    private static final String BUCKET = "integrity";

    @RegisterExtension
    static final S3ProxyFixture server = S3ProxyFixture.withBuckets(BUCKET);

    private FaultProxy proxy;
    private S3ObjectStore store;

    @BeforeEach
    void openStore(TestInfo test) throws IOException {
        proxy = new FaultProxy("127.0.0.1", server.endpoint().getPort(), 1);
        S3Location location = S3Location.parse("s3://" + BUCKET + "/" + test.getTestMethod().orElseThrow().getName())
                .withEndpoint(URI.create("http://127.0.0.1:" + proxy.port())).withPathStyle(true);
        store = server.open(location, S3Options.defaults().withMultipart(8 * S3Options.MIB, S3Options.MIN_PART_SIZE));
    }

    @AfterEach
    void closeStore() throws IOException {
        try {
            store.close();
        } finally {
            proxy.close();
        }
    }

    @Test
    void aPutWhoseBodyIsDamagedInTransitIsRefusedAndStoresNothing() throws IOException {
        assertRefusedThenStored("pack", random(1 << 20));
    }

    @Test
    void aPutIfAbsentWhoseBodyIsDamagedInTransitIsRefusedAndStoresNothing() throws IOException {
        store.strongPutIfAbsent(); // the probe, undamaged
        byte[] data = random(64 * 1024);
        proxy.policy(new CorruptBody(1));
        Throwable failure = catchThrowable(() -> store.putIfAbsent("lease", data));
        proxy.policy(new PassThrough());

        assertThat(failure).isInstanceOf(TransientStoreException.class).hasMessageContaining("lease");
        assertThat(store.stat("lease")).isEmpty();
        assertThat(store.putIfAbsent("lease", data)).isTrue();
        assertThat(store.get("lease")).isEqualTo(data);
    }

    @Test
    void aMultipartUploadWithADamagedPartIsRefusedAndStoresNothing() throws IOException {
        assertRefusedThenStored("big", random(12 << 20)); // 5 MiB parts: the first part is damaged
    }

    private void assertRefusedThenStored(String key, byte[] data) throws IOException {
        proxy.policy(new CorruptBody(1));
        Throwable failure = catchThrowable(() -> store.put(key, data));
        proxy.policy(new PassThrough());

        // A transient failure: the retry decorator sends the body again.
        assertThat(failure).isInstanceOf(TransientStoreException.class)
                .hasMessageContaining(key).hasMessageContaining("XAmzContentSHA256Mismatch");
        assertThat(proxy.faultsByKind()).containsKey("CorruptBody");
        assertThat(store.stat(key)).isEmpty();
        store.put(key, data);
        assertThat(store.get(key)).isEqualTo(data);
    }

    private static byte[] random(int length) {
        byte[] data = new byte[length];
        new Random(length).nextBytes(data);
        return data;
    }
}
