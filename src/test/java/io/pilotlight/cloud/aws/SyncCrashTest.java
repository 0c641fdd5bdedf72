package io.pilotlight.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.testing.ChildJvm;
import io.pilotlight.testing.SampleRepository;
import io.pilotlight.testing.Slow;
import io.pilotlight.testing.ebs.FakeAws;
import io.pilotlight.testing.ebs.FakeSnapshot;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sync killed with SIGKILL part way, then run again, makes exactly one snapshot per point. */
@Slow
class SyncCrashTest {
    @TempDir
    Path temp;
    FakeAws fake;
    SampleRepository sample;

    @BeforeEach
    void start() throws Exception {
        fake = FakeAws.start(temp.resolve("fake"));
        sample = new SampleRepository(temp);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    Process child(String point, Path log) throws Exception {
        return ChildJvm.start("256m", SyncChild.class, log, sample.root.toString(), fake.endpoint().toString(), "d1",
                point, FakeAws.ACCESS_KEY, FakeAws.SECRET_KEY);
    }

    /**
     * Starts a sync of {@code point}, kills it once {@code puts} PutSnapshotBlock requests arrived (each takes
     * 400 ms: the last is in flight), and runs it again.
     */
    String killAndRerun(String point, long puts) throws Exception {
        fake.delayPuts(400);
        long before = fake.calls("PutSnapshotBlock");
        Path log = temp.resolve("child-" + point + ".log");
        Process victim = child(point, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (fake.calls("PutSnapshotBlock") - before < puts && victim.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(victim.isAlive()).as("the child still syncs; log " + log).isTrue();
        victim.destroyForcibly();
        assertThat(victim.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(sample.repository.cloudRecords("aws").get("d1", point)).isEmpty();
        fake.delayPuts(0);
        return ChildJvm.finish(child(point, log), log, 120);
    }

    @Test
    void aKilledSyncRunAgainMakesOneSnapshotPerPoint() throws Exception {
        String first = killAndRerun(sample.first.id(), 3);
        assertThat(fake.snapshots()).hasSize(1);
        assertThat(fake.snapshot(first).status()).isEqualTo("completed");
        assertThat(fake.snapshot(first).writtenHere()).containsExactly(0L, 1L, 10L, 80L);

        String second = killAndRerun(sample.second.id(), 1);
        assertThat(fake.snapshots()).extracting(s -> s.id).containsExactly(first, second);
        FakeSnapshot snapshot = fake.snapshot(second);
        assertThat(snapshot.parent.id).isEqualTo(first);
        assertThat(snapshot.writtenHere()).containsExactly(40L);
        assertThat(sample.repository.cloudRecords("aws").points("d1")).containsExactly(sample.first.id(),
                sample.second.id());
    }
}
