package io.pilotlight.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.pilotlight.testing.S3ProxyFixture;
import io.pilotlight.testing.Slow;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An answer cut off anywhere in its first 140 bytes (status line and headers) makes every read a
 * transient failure, never a short success: the HTTP client takes a head cut at a line break for
 * a whole head without headers, which used to come back as an empty object, an empty listing, a
 * HEAD without a size (NullPointerException) or a permanent "range past its end".
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@Slow
class S3CutAnswerTest {
    private static final int HEAD_BYTES = 140;

    @TempDir
    Path dir;

    @Test
    void readsOfAnAnswerCutInItsHeadFailAsTransient() throws Exception {
        try (S3ProxyFixture server = S3ProxyFixture.start(dir)) {
            server.createBucket("cut-answers");
            try (S3ObjectStore direct = server.open("s3://cut-answers/p")) {
                direct.put("object", new byte[64 * 1024]);
            }
            List<String> wrong = new ArrayList<>();
            try (FaultProxy proxy = new FaultProxy("127.0.0.1", server.endpoint().getPort(), 1);
                    S3ObjectStore store = server.open(S3Location.parse("s3://cut-answers/p")
                            .withEndpoint(URI.create("http://127.0.0.1:" + proxy.port())).withPathStyle(true),
                            S3Options.defaults())) {
                for (int cut = 0; cut < HEAD_BYTES; cut++) {
                    proxy.policy(new FaultProxy.CutResponse(cut, 1.0));
                    check(wrong, cut, "get", catchThrowable(() -> store.get("object")));
                    check(wrong, cut, "ranged get", catchThrowable(() -> store.get("object", 4096, 8192)));
                    check(wrong, cut, "stat", catchThrowable(() -> store.stat("object")));
                    check(wrong, cut, "list", catchThrowable(() -> store.list("")));
                }
            }
            assertThat(wrong).as("reads of answers cut in their head that were not transient failures").isEmpty();
        }
    }

    private static void check(List<String> wrong, int cut, String read, Throwable failure) {
        if (!(failure instanceof TransientStoreException)) {
            wrong.add(read + " cut after " + cut + " bytes: " + (failure == null ? "succeeded" : failure));
        }
    }
}
