package io.pilotlight.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pilotlight.testing.S3ProxyFixture;
import io.pilotlight.testing.Slow;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/** Objects over the threshold go up in parts; a failed upload is aborted, leaving nothing behind. */
@Slow
class S3MultipartUploadTest {
    private static final String BUCKET = "multipart";
    private static final S3Options SMALL_PARTS = S3Options.defaults()
            .withMultipart(6 * S3Options.MIB, S3Options.MIN_PART_SIZE);

    @RegisterExtension
    static final S3ProxyFixture server = S3ProxyFixture.withBuckets(BUCKET);

    @Test
    void anObjectOverTheThresholdIsUploadedInParts() throws Exception {
        PartRecorder parts = new PartRecorder(0);
        byte[] data = randomBytes(12 * 1024 * 1024 + 17);
        try (S3ObjectStore store = server.open(server.location("s3://" + BUCKET + "/ok"), SMALL_PARTS, parts)) {
            store.put("data/big", data);
            store.put("data/small", randomBytes(6 * 1024 * 1024));

            assertThat(parts.numbers).containsExactly(1, 2, 3);
            assertThat(store.get("data/big")).isEqualTo(data);
            assertThat(store.list("data/")).containsExactly(
                    new ObjectInfo("data/big", data.length), new ObjectInfo("data/small", 6 * 1024 * 1024));
        }
    }

    @Test
    void aFailedPartAbortsTheUploadAndLeavesNoObjectOrParts() throws Exception {
        PartRecorder failSecond = new PartRecorder(2);
        try (S3ObjectStore store = server.open(server.location("s3://" + BUCKET + "/failing"), SMALL_PARTS,
                failSecond)) {
            assertThatThrownBy(() -> store.put("data/big", randomBytes(12 * 1024 * 1024)))
                    .hasMessageContaining("object data/big")
                    .hasMessageContaining("part 2 refused by the test");

            assertThat(store.stat("data/big")).isEmpty();
            assertThat(store.list("")).isEmpty();
        }
        try (S3Client client = S3Clients.create(server.location("s3://" + BUCKET), S3Options.defaults(),
                S3Clients.DEFAULT_REGION, S3ProxyFixture.credentials(), List.of())) {
            assertThat(client.listMultipartUploads(request -> request.bucket(BUCKET)).uploads()).isEmpty();
        }
    }

    private static byte[] randomBytes(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }

    /** Records the part numbers uploaded; fails the part numbered {@code failAt} before it is sent. */
    private static final class PartRecorder implements ExecutionInterceptor {
        final List<Integer> numbers = new CopyOnWriteArrayList<>();
        private final int failAt;

        PartRecorder(int failAt) {
            this.failAt = failAt;
        }

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            SdkRequest request = context.request();
            if (request instanceof UploadPartRequest part) {
                if (part.partNumber() == failAt) {
                    throw SdkClientException.create("part " + failAt + " refused by the test");
                }
                numbers.add(part.partNumber());
            }
        }
    }
}
