package io.pilotlight.recovery.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.recovery.drill.DrillOptions.Accelerator;
import io.pilotlight.recovery.drill.DrillOptions.PortCheck;
import io.pilotlight.recovery.drill.DrillOptions.Target;
import io.pilotlight.replicate.GroupReplicator;
import io.pilotlight.replicate.ReplicateOptions;
import io.pilotlight.replicate.Replicator;
import io.pilotlight.repo.DrillEvidence;
import io.pilotlight.repo.DrillRecord;
import io.pilotlight.repo.Repository;
import io.pilotlight.source.file.FileSource;
import io.pilotlight.store.DirectoryObjectStore;
import io.pilotlight.store.S3ObjectStore;
import io.pilotlight.testing.DrillDisk;
import io.pilotlight.testing.S3ProxyFixture;
import io.pilotlight.testing.Slow;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Boots the drill test disk from a directory repository under TCG (the slow lane: each boot takes 10-20 s). */
@Slow
class DrillTest {
    @TempDir
    Path dir;

    DrillDisk disk;
    Path root;
    Repository repository;

    @BeforeEach
    void setUp() throws Exception {
        disk = DrillDisk.get();
        root = dir.resolve("repo");
        repository = Repository.init(new DirectoryObjectStore(root), 65536);
    }

    private DrillOptions options(Target target) {
        return DrillOptions.of(target, dir.resolve("work")).withAccelerator(Accelerator.TCG)
                .withPorts(List.of(new PortCheck(DrillDisk.PORT,
                        Optional.of(Pattern.compile("PILOTLIGHT-MARKER " + disk.marker)))))
                .withTimeouts(Duration.ofSeconds(90), Duration.ofSeconds(180));
    }

    private void replicate(String name, Path image) throws IOException {
        replicate(repository, name, image);
    }

    private static void replicate(Repository into, String name, Path image) throws IOException {
        try (FileSource source = FileSource.open(image)) {
            new Replicator(into, new ReplicateOptions(2, 1), ProgressListener.NONE).replicate(name, source);
        }
    }

    @Test
    void aReplicatedBootDiskPassesHeartbeatAndPortAndTheRepositoryStaysUnchangedButForItsEvidence() throws Exception {
        replicate("boot", disk.image);
        String before = hashTree(root, "drills");

        DrillResult result = new Drill(repository, Clock.systemUTC(), ProgressListener.NONE)
                .run(options(Target.disk("boot")));

        assertThat(result.passed()).as("%s", result).isTrue();
        assertThat(result.points()).singleElement().asString().startsWith("boot/");
        assertThat(result.accelerator()).isEqualTo("tcg");
        assertThat(result.checks()).extracting(DrillResult.Check::name).containsExactly("heartbeat", "port 7777");
        assertThat(result.checks().get(0).detail()).contains("PILOTLIGHT-HEARTBEAT " + disk.marker);
        assertThat(result.checks().get(1).detail()).contains("PILOTLIGHT-MARKER " + disk.marker);
        assertThat(result.checks().get(0).elapsed()).isPositive();
        assertThat(result.checks().get(1).elapsed()).isGreaterThanOrEqualTo(result.checks().get(0).elapsed());
        assertThat(result.overlaysDeleted()).isTrue();
        assertThat(result.serialLog()).isEmpty();
        assertThat(dir.resolve("work")).isEmptyDirectory();
        assertThat(hashTree(root, "drills")).isEqualTo(before);

        String point = result.points().get(0).substring("boot/".length());
        DrillEvidence.Recorded evidence = recorded(repository.newestDrill(false, "boot", point));
        assertThat(result.evidence()).contains(evidence.key());
        DrillRecord record = evidence.record();
        assertThat(record.passed()).isTrue();
        assertThat(record.disks()).containsExactly(new DrillRecord.Disk("boot", point));
        assertThat(record.accelerator()).isEqualTo("tcg");
        assertThat(record.startedAt()).isEqualTo(result.started());
        assertThat(record.checks()).extracting(DrillRecord.Check::name, DrillRecord.Check::elapsedMillis)
                .containsExactly(tuple("heartbeat", result.checks().get(0).elapsed().toMillis()),
                        tuple("port 7777", result.checks().get(1).elapsed().toMillis()));
        assertThat(record.durationMillis()).isGreaterThanOrEqualTo(record.checks().get(1).elapsedMillis());
        assertThat(record.serialTail()).anyMatch(line -> line.contains("PILOTLIGHT-HEARTBEAT " + disk.marker));
        assertThat(record.version()).isNotBlank();
        assertThat(record.warnings()).isEmpty();
        BufferedImage screen = ImageIO.read(new ByteArrayInputStream(repository.drillScreenshot(evidence)));
        assertThat(screen.getWidth()).isPositive();
        assertThat(screen.getHeight()).isPositive();
        try (Stream<Path> drills = Files.walk(root.resolve("drills"))) {
            assertThat(drills.filter(Files::isRegularFile).map(path -> root.relativize(path).toString()))
                    .containsExactlyInAnyOrder(evidence.key(), evidence.key() + ".png");
        }
    }

    private static DrillEvidence.Recorded recorded(Optional<DrillEvidence> evidence) {
        assertThat(evidence).get().isInstanceOf(DrillEvidence.Recorded.class);
        return (DrillEvidence.Recorded) evidence.get();
    }

    @Test
    void aGroupBootsAsOneVmWithEveryMemberDisk() throws Exception {
        Path data = dir.resolve("data.img");
        try (RandomAccessFile file = new RandomAccessFile(data.toFile(), "rw")) {
            file.setLength(16L << 20);
            byte[] bytes = new byte[1 << 20];
            new Random(7).nextBytes(bytes);
            file.write(bytes);
        }
        try (FileSource boot = FileSource.open(disk.image); FileSource second = FileSource.open(data)) {
            new GroupReplicator(repository, new ReplicateOptions(2, 1), ProgressListener.NONE).replicate("vm1",
                    "test", List.of(new GroupReplicator.Member("vda", "vm1-boot", boot),
                            new GroupReplicator.Member("vdb", "vm1-data", second)));
        }

        DrillResult result = new Drill(repository, Clock.systemUTC(), ProgressListener.NONE)
                .run(options(Target.group("vm1")));

        assertThat(result.passed()).as("%s", result).isTrue();
        assertThat(result.points()).hasSize(2);
        assertThat(result.points().get(0)).startsWith("vm1-boot/");
        assertThat(result.points().get(1)).startsWith("vm1-data/");
        String groupPoint = repository.latestGroup("vm1").orElseThrow().id();
        DrillRecord record = recorded(repository.newestDrill(true, "vm1", groupPoint)).record();
        assertThat(record.target()).isEqualTo(DrillRecord.GROUP);
        assertThat(record.disks()).extracting(disk -> disk.disk() + "/" + disk.point())
                .containsExactlyElementsOf(result.points());
        assertThat(repository.newestDrills(false, Optional.empty())).isEmpty();
    }

    @Test
    void aPointWithADamagedKernelFailsTheHeartbeatWithinItsTimeoutAndKeepsTheSerialLog() throws Exception {
        Path broken = dir.resolve("broken.img");
        Files.copy(disk.image, broken);
        try (RandomAccessFile file = new RandomAccessFile(broken.toFile(), "rw")) {
            byte[] noise = new byte[1 << 20];
            new Random(11).nextBytes(noise);
            file.seek(disk.kernelOffset() + (2L << 20)); // inside the compressed payload
            file.write(noise);
        }
        replicate("broken", broken);
        String before = hashTree(root, "drills");

        DrillResult result = new Drill(repository, Clock.systemUTC(), ProgressListener.NONE)
                .run(options(Target.disk("broken")).withTimeouts(Duration.ofSeconds(40), Duration.ofSeconds(90)));

        assertThat(result.passed()).isFalse();
        assertThat(result.checks()).singleElement().satisfies(check -> {
            assertThat(check.name()).isEqualTo("heartbeat");
            assertThat(check.ok()).isFalse();
            assertThat(check.detail()).containsAnyOf("no serial line matched /" + DrillOptions.DEFAULT_HEARTBEAT + "/ within",
                    "the VM stopped before a line matched");
            assertThat(check.elapsed()).isLessThan(Duration.ofSeconds(80));
        });
        assertThat(result.serialLog()).isPresent();
        assertThat(result.serialLog().get()).exists().content().contains("SYSLINUX");
        assertThat(result.serialTail()).isNotEmpty();
        assertThat(result.overlaysDeleted()).isTrue();
        assertThat(hashTree(root, "drills")).isEqualTo(before);

        DrillEvidence.Recorded evidence = recorded(repository.newestDrill(false, "broken",
                result.points().get(0).substring("broken/".length())));
        assertThat(result.evidence()).contains(evidence.key());
        DrillRecord record = evidence.record();
        assertThat(record.passed()).isFalse();
        assertThat(record.firstFailure()).get().satisfies(check -> {
            assertThat(check.name()).isEqualTo("heartbeat");
            assertThat(check.detail()).isEqualTo(result.checks().get(0).detail());
            assertThat(check.elapsedMillis()).isEqualTo(result.checks().get(0).elapsed().toMillis());
        });
        assertThat(record.serialTail()).isEqualTo(result.serialTail());
        if (evidence.screenshotKey().isPresent()) { // the VM still runs at the timeout; if it stopped, a warning says so
            assertThat(ImageIO.read(new ByteArrayInputStream(repository.drillScreenshot(evidence)))).isNotNull();
        } else {
            assertThat(record.warnings()).anyMatch(warning -> warning.startsWith("no screenshot"));
        }
    }

    @Test
    void aPointInAnS3RepositoryBootsAndTheBucketStaysUnchanged() throws Exception {
        Path objects = dir.resolve("s3");
        try (S3ProxyFixture server = S3ProxyFixture.start(Files.createDirectories(objects));
                S3ObjectStore store = server.open("s3://drills/repo")) {
            server.createBucket("drills");
            Repository s3 = Repository.init(store, 65536);
            replicate(s3, "boot", disk.image);
            String before = hashTree(objects, "drills/repo/drills"); // bucket drills, prefix repo

            DrillResult result = new Drill(s3, Clock.systemUTC(), ProgressListener.NONE)
                    .run(options(Target.disk("boot")));

            assertThat(result.passed()).as("%s", result).isTrue();
            assertThat(hashTree(objects, "drills/repo/drills")).isEqualTo(before);
            assertThat(store.list("drills/")).extracting(info -> info.key()).containsExactlyInAnyOrder(
                    result.evidence().orElseThrow(), result.evidence().orElseThrow() + ".png");
        }
    }

    /** SHA-256 over every file's path and bytes, leaving out the tree under {@code skip} (the drill records). */
    static String hashTree(Path root, String skip) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.filter(path -> !root.relativize(path).startsWith(skip)).sorted().toList()) {
                sha.update(root.relativize(path).toString().getBytes());
                if (Files.isRegularFile(path)) {
                    sha.update(Files.readAllBytes(path));
                }
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
