package io.pilotlight.repo.prune;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.repo.Repository;
import io.pilotlight.store.ObjectStore;
import io.pilotlight.store.RetryPolicy;
import io.pilotlight.store.RetryingObjectStore;
import io.pilotlight.store.Sleeper;
import io.pilotlight.testing.S3ProxyFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prune and replicate racing on S3 (S3Proxy): one thread replicates small changes in a loop through
 * one long-lived repository handle (as a daemon does) and forgets all but the newest point, while
 * prunes run one after another, each a grace period after the last: no cycle fails, and every
 * point left restores exactly.
 */
@Tag("slow")
class PruneConcurrencyTest {
    private static final String BUCKET = "prune-race";

    @RegisterExtension
    static final S3ProxyFixture server = S3ProxyFixture.withBuckets(BUCKET);

    @TempDir
    Path dir;

    @Test
    void replicateCyclesNeverFailWhilePrunesRun() throws Exception {
        // Retrying as the command line's store stack does: S3Proxy's file backend fails a listing that
        // meets an upload in progress with a 500.
        try (ObjectStore store = new RetryingObjectStore(server.open("s3://" + BUCKET + "/race"), RetryPolicy.DEFAULT,
                Sleeper.SYSTEM)) {
            PruneFixture fixture = new PruneFixture(dir, store);
            Repository daemon = Repository.open(store);
            fixture.write("vm", 0, 4 << 20);
            fixture.replicate(daemon, "vm");
            AtomicBoolean stop = new AtomicBoolean();
            java.util.concurrent.atomic.AtomicInteger progress = new java.util.concurrent.atomic.AtomicInteger();
            ExecutorService replicator = Executors.newSingleThreadExecutor();
            Future<Integer> cycles = replicator.submit(() -> {
                Random random = new Random(8);
                int done = 0;
                while (!stop.get() || done < 8) {
                    fixture.write("vm", (long) random.nextInt(8) << 20, (1 + random.nextInt(4)) << 16);
                    fixture.replicate(daemon, "vm");
                    fixture.forgetAllButNewest("vm");
                    done++;
                    progress.set(done);
                    Thread.sleep(100); // a daemon's interval: the gaps in which no writer lease is live
                }
                return done;
            });
            List<PruneResult> prunes = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                while (progress.get() < i && !cycles.isDone()) {
                    Thread.sleep(5); // each prune overlaps a later cycle than the last
                }
                prunes.add(fixture.prune(Repository.open(store)));
                fixture.clock.advance(PruneOptions.DEFAULT_GRACE.plus(Duration.ofMinutes(1)));
            }
            stop.set(true);
            int completed = cycles.get(5, TimeUnit.MINUTES);
            replicator.shutdown();
            fixture.clock.advance(PruneOptions.DEFAULT_GRACE.plus(Duration.ofMinutes(1)));
            prunes.add(fixture.prune(Repository.open(store)));
            System.out.printf("PruneConcurrencyTest: %d replicate cycles, prunes deleted %s packs%n", completed,
                    prunes.stream().map(p -> Integer.toString(p.packsDeleted())).toList());

            assertThat(completed).isGreaterThanOrEqualTo(8);
            assertThat(prunes.stream().mapToInt(PruneResult::packsDeleted).sum()).isPositive();
            fixture.assertIndexNamesOnlyStoredPacks();
            fixture.assertEveryPointRestores(daemon);
            fixture.assertEveryPointRestores(Repository.open(store));
        }
    }
}
