package io.pilotlight.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.recovery.drill.DrillOptions;
import io.pilotlight.recovery.drill.DrillOptions.Accelerator;
import io.pilotlight.recovery.drill.DrillOptions.PortCheck;
import io.pilotlight.recovery.drill.DrillOptions.Target;
import io.pilotlight.replicate.ReplicateOptions;
import io.pilotlight.replicate.Replicator;
import io.pilotlight.repo.Repository;
import io.pilotlight.schedule.Cancellation;
import io.pilotlight.schedule.JobContext;
import io.pilotlight.schedule.JobOutcome;
import io.pilotlight.schedule.RunKind;
import io.pilotlight.schedule.Schedule;
import io.pilotlight.source.file.FileSource;
import io.pilotlight.store.DirectoryObjectStore;
import io.pilotlight.testing.DrillDisk;
import io.pilotlight.testing.FakeTime;
import io.pilotlight.testing.Slow;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's drill job on the drill test disk (the slow lane: each boot takes 10-20 s under TCG):
 * it boots the newest point and passes heartbeat and port; a check that fails fails the run, and
 * the reason names the check.
 */
@Slow
@Timeout(600)
class DaemonDrillJobTest {
    private static final Instant START = Instant.parse("2026-06-01T05:00:00Z");

    @TempDir
    Path dir;

    private DrillDisk disk;
    private Path root;
    private final FakeTime time = new FakeTime(START);

    @BeforeEach
    void setUp() throws Exception {
        disk = DrillDisk.get();
        root = dir.resolve("repo");
        Repository.init(new DirectoryObjectStore(root), 65536);
    }

    private void replicate(Path image) throws IOException {
        try (FileSource source = FileSource.open(image)) {
            new Replicator(Repository.open(new DirectoryObjectStore(root)), new ReplicateOptions(2, 1),
                    ProgressListener.NONE).replicate("boot", source);
        }
    }

    private JobOutcome drill(DrillOptions options) throws Exception {
        JobPlan.Drilling plan = new JobPlan.Drilling("boot-drill", "main", Schedule.parse("daily 05:00",
                ZoneOffset.UTC), options);
        RepositoryOpener opener = new RepositoryOpener() {
            @Override
            public Repository open() throws IOException {
                return Repository.open(new DirectoryObjectStore(root));
            }

            @Override
            public void close() {
            }
        };
        return new PlannedJob(plan, new SharedRepository("main", opener), time)
                .run(new JobContext("boot-drill", START, RunKind.SLOT, 1, new Cancellation()));
    }

    private DrillOptions options() {
        return DrillOptions.of(Target.disk("boot"), dir.resolve("work")).withAccelerator(Accelerator.TCG)
                .withPorts(List.of(new PortCheck(DrillDisk.PORT,
                        Optional.of(Pattern.compile("PILOTLIGHT-MARKER " + disk.marker)))))
                .withTimeouts(Duration.ofSeconds(90), Duration.ofSeconds(180));
    }

    @Test
    void theNewestPointBootsAndPassesHeartbeatAndPort() throws Exception {
        Path blank = dir.resolve("blank.img");
        try (RandomAccessFile file = new RandomAccessFile(blank.toFile(), "rw")) {
            file.setLength(Files.size(disk.image));
        }
        replicate(blank);
        replicate(disk.image);

        JobOutcome outcome = drill(options().withPoint("an older point: the job boots the newest"));

        assertThat(outcome.succeeded()).as(outcome.reason()).isTrue();
        assertThat(outcome.duration()).isEqualTo(Duration.ZERO); // the scheduler's clock did not move
        try (var left = Files.list(dir.resolve("work"))) {
            assertThat(left).as("overlays deleted").isEmpty();
        }
    }

    @Test
    void aFailedCheckFailsTheRunNamingTheCheck() throws Exception {
        replicate(disk.image);
        DrillOptions options = options();
        options = new DrillOptions(options.target(), "latest", Pattern.compile("NEVER-PRINTED-BY-THIS-GUEST"),
                options.ports(), Duration.ofSeconds(15), Duration.ofSeconds(60), options.memoryBytes(),
                options.accelerator(), options.firmware(), options.ovmf(), options.workDirectory(),
                options.serialLines());

        JobOutcome outcome = drill(options);

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.reason()).startsWith("drill boot-drill of boot/").contains(" under tcg: check 'heartbeat'"
                + " failed after ").contains("; serial log kept at " + dir.resolve("work"));
    }
}
