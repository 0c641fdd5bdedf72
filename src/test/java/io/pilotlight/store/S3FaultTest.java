package io.pilotlight.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.recovery.restore.Restorer;
import io.pilotlight.replicate.ReplicateOptions;
import io.pilotlight.replicate.Replicator;
import io.pilotlight.repo.Manifest;
import io.pilotlight.repo.PointInfo;
import io.pilotlight.repo.Repository;
import io.pilotlight.repo.check.Verifier;
import io.pilotlight.source.file.FileSource;
import io.pilotlight.store.FaultProxy.CutResponse;
import io.pilotlight.store.FaultProxy.HttpError;
import io.pilotlight.store.FaultProxy.Mix;
import io.pilotlight.store.FaultProxy.PassThrough;
import io.pilotlight.store.FaultProxy.Reset;
import io.pilotlight.store.FaultProxy.Stall;
import io.pilotlight.testing.S3ProxyFixture;
import io.pilotlight.testing.Slow;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replication through faults on the wire: S3Proxy ← {@link FaultProxy} ← {@link S3ObjectStore},
 * wrapped as the command line wraps it (retrying over metered), with short retry delays.
 *
 * <p>Stalls here only delay a request (150 ms against the client's 60 s socket timeout): they
 * show slow answers do no harm, not that a timeout is retried ({@code S3ErrorTranslatorTest} and
 * {@code RetryingObjectStoreTest} cover that). Resets, 503s and cut answers are the failures.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@Slow
class S3FaultTest {
    private static final String BUCKET = "faults";
    private static final String DISK = "sda";
    private static final RetryPolicy QUICK = new RetryPolicy(Duration.ofMillis(10), Duration.ofMillis(200), 8);
    /** About 5% of requests: resets, 503s, answers cut in their headers, stalls. */
    private static final FaultProxy.Policy FIVE_PERCENT = new Mix(List.of(new Reset(0.0125), new HttpError(503, 0.0125),
            new CutResponse(64, 0.0125), new Stall(Duration.ofMillis(150), 0.0125)));

    @RegisterExtension
    static final S3ProxyFixture server = S3ProxyFixture.withBuckets(BUCKET);

    @TempDir
    Path dir;
    private FaultProxy proxy;
    private S3ObjectStore s3;
    private final StoreMeter meter = new StoreMeter();
    private volatile StoreListener extraListener = StoreListener.NONE;
    private ObjectStore store;

    @BeforeEach
    void openStore(TestInfo test) throws IOException {
        // One draw per request, so which requests fault is fixed by their number: with seed 2, requests
        // 11, 35, 61 and 88 are cut, 75 is reset, 114 answered 503, and 20 and 66 stall.
        proxy = new FaultProxy("127.0.0.1", server.endpoint().getPort(), 2);
        S3Location location = S3Location.parse("s3://" + BUCKET + "/" + test.getTestMethod().orElseThrow().getName())
                .withEndpoint(URI.create("http://127.0.0.1:" + proxy.port())).withPathStyle(true);
        // Packs (16 MiB) go up in 5 MiB parts: more requests for the faults to hit, and multipart under faults.
        s3 = server.open(location, S3Options.defaults().withMultipart(8 * S3Options.MIB, S3Options.MIN_PART_SIZE));
        StoreListener listeners = new StoreListener() {
            @Override
            public void requestStarted(Kind kind, String key) {
                meter.requestStarted(kind, key);
                extraListener.requestStarted(kind, key);
            }

            @Override
            public void requestFinished(Kind kind, String key, long bytes, long nanos) {
                meter.requestFinished(kind, key, bytes, nanos);
            }

            @Override
            public void requestFailed(Kind kind, String key, IOException failure, long nanos) {
                meter.requestFailed(kind, key, failure, nanos);
            }
        };
        store = new RetryingObjectStore(new MeteredObjectStore(s3, listeners), QUICK, Sleeper.SYSTEM, new Random(3));
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
    void replicatesThroughFivePercentFaultsAndEveryPointRestoresExactly() throws Exception {
        long started = System.nanoTime();
        Path image = dir.resolve("disk.img");
        writeSparseImage(image, 48 << 20, new Random(21));
        proxy.policy(FIVE_PERCENT);

        Repository repository = Repository.init(store, Repository.DEFAULT_GRAIN_SIZE);
        Map<String, Path> imageOfPoint = new LinkedHashMap<>();
        for (int run = 0; run < 3; run++) {
            if (run > 0) {
                scatterChanges(image, new Random(22 + run));
            }
            PointInfo point = replicate(repository, image);
            imageOfPoint.put(point.id(), Files.copy(image, dir.resolve("point-" + run + ".img")));
        }
        StoreMeter.Snapshot replicating = meter.snapshot();
        int replicateRequests = proxy.requests();
        int replicateFaults = proxy.faults();
        for (Map.Entry<String, Path> point : imageOfPoint.entrySet()) {
            restoresExactly(repository, point.getKey(), point.getValue(), "under faults");
        }
        StoreMeter.Snapshot underFaults = meter.snapshot();
        int requestsUnderFaults = proxy.requests();
        int faultsInjected = proxy.faults();
        proxy.policy(new PassThrough());

        Repository reopened = Repository.open(store);
        assertThat(pointIds(reopened)).containsExactlyElementsOf(imageOfPoint.keySet());
        assertThat(new Verifier(reopened, ProgressListener.NONE).verify(true).faults()).isEmpty();
        for (Map.Entry<String, Path> point : imageOfPoint.entrySet()) {
            restoresExactly(reopened, point.getKey(), point.getValue(), "without faults");
        }
        System.out.printf("S3FaultTest: 3 replicates: %d HTTP requests, %d faulted; %d store calls, %d failed and"
                        + " were retried; with 3 restores: %d HTTP requests, %d faulted %s, %d store calls failed;"
                        + " %.1f s in all%n", replicateRequests, replicateFaults, replicating.requests(),
                replicating.failures(),
                requestsUnderFaults, faultsInjected, proxy.faultsByKind(), underFaults.failures(),
                (System.nanoTime() - started) / 1e9);
        assertThat(replicating.failures()).as("failed requests of the replicates, each retried").isPositive();
        assertThat(underFaults.failures()).as("failed requests in all, each retried").isPositive();
    }

    @Test
    void aPermanentFaultFailsNamingTheOperationAndKeyAndLeavesNoPoint() throws Exception {
        long started = System.nanoTime();
        Path image = dir.resolve("disk.img");
        writeSparseImage(image, 16 << 20, new Random(31));
        Repository repository = Repository.init(store, Repository.DEFAULT_GRAIN_SIZE);
        PointInfo before = replicate(repository, image);
        scatterChanges(image, new Random(32));
        // Every request fails from the first pack upload on: the run is well under way.
        extraListener = new StoreListener() {
            @Override
            public void requestStarted(Kind kind, String key) {
                if (kind == Kind.PUT && key.startsWith("data/")) {
                    proxy.policy(new HttpError(503, 1.0));
                }
            }
        };

        Throwable failure = catchThrowable(() -> replicate(repository, image));
        extraListener = StoreListener.NONE;
        proxy.policy(new PassThrough());

        RetriesExhaustedException exhausted = retriesExhausted(failure);
        assertThat(exhausted.attempts()).isEqualTo(QUICK.maxAttempts());
        assertThat(exhausted.getMessage()).contains(exhausted.operation() + " of " + exhausted.key())
                .contains("after 8 attempts").contains("503");
        assertThat(exhausted.getCause()).isInstanceOf(TransientStoreException.class);
        Repository reopened = Repository.open(store);
        assertThat(pointIds(reopened)).containsExactly(before.id());
        assertThat(reopened.latest(DISK).map(Manifest::id)).contains(before.id());
        assertThat(new Verifier(reopened, ProgressListener.NONE).verify(false).faults()).isEmpty();

        PointInfo after = replicate(reopened, image);
        assertThat(pointIds(reopened)).containsExactly(before.id(), after.id());
        restoresExactly(reopened, after.id(), image, "after the fault");
        System.out.printf("S3FaultTest: permanent 503 failed with: %s%n  (%d faults injected; %.1f s in all)%n",
                failure, proxy.faults(), (System.nanoTime() - started) / 1e9);
    }

    private static List<String> pointIds(Repository repository) throws IOException {
        return repository.points(Optional.of(DISK)).stream().map(PointInfo::id).toList();
    }

    private static PointInfo replicate(Repository repository, Path image) throws IOException {
        try (FileSource source = FileSource.open(image)) {
            return new Replicator(repository, ReplicateOptions.defaults(), ProgressListener.NONE).replicate(DISK, source);
        }
    }

    private void restoresExactly(Repository repository, String pointId, Path expected, String when)
            throws IOException {
        Path restored = dir.resolve("restored-" + pointId + "-" + when.replace(' ', '-'));
        new Restorer(repository, ProgressListener.NONE).restore(DISK, pointId, restored, false);
        assertThat(Files.mismatch(expected, restored)).as("first differing byte of point " + pointId + " restored " + when).isEqualTo(-1);
    }

    /** The {@link RetriesExhaustedException} in {@code failure}'s cause chain. */
    private static RetriesExhaustedException retriesExhausted(Throwable failure) {
        assertThat(failure).as("the replicate under a permanent fault").isInstanceOf(IOException.class);
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RetriesExhaustedException exhausted) {
                return exhausted;
            }
        }
        throw new AssertionError("no RetriesExhaustedException in the cause chain of " + failure, failure);
    }

    /** A sparse image of {@code size} bytes holding a few extents of random data. */
    private static void writeSparseImage(Path image, long size, Random random) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(size);
            long slots = size >> 20;
            for (int i = 0; i < 8; i++) {
                byte[] data = new byte[(1 + random.nextInt(4)) << 20];
                random.nextBytes(data);
                file.seek(Math.min(size - data.length, random.nextLong(slots) << 20));
                file.write(data);
            }
        }
    }

    /** Overwrites a dozen small runs at random offsets, some in data, some in holes. */
    private static void scatterChanges(Path image, Random random) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            for (int i = 0; i < 12; i++) {
                byte[] data = new byte[4096 * (1 + random.nextInt(32))];
                random.nextBytes(data);
                file.seek(random.nextLong(file.length() - data.length));
                file.write(data);
            }
        }
    }
}
