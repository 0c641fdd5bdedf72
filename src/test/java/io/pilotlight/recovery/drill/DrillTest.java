package io.pilotlight.recovery.drill;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.recovery.drill.DrillOptions.Accelerator;
import io.pilotlight.recovery.drill.DrillOptions.PortCheck;
import io.pilotlight.recovery.drill.DrillOptions.Target;
import io.pilotlight.replicate.GroupReplicator;
import io.pilotlight.replicate.ReplicateOptions;
import io.pilotlight.replicate.Replicator;
import io.pilotlight.repo.Repository;
import io.pilotlight.source.file.FileSource;
import io.pilotlight.store.DirectoryObjectStore;
import io.pilotlight.store.S3ObjectStore;
import io.pilotlight.testing.DrillDisk;
import io.pilotlight.testing.S3ProxyFixture;
import io.pilotlight.testing.Slow;
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
    void aReplicatedBootDiskPassesHeartbeatAndPortAndTheRepositoryStaysUnchanged() throws Exception {
        replicate("boot", disk.image);
        String before = hashTree(root);

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
        assertThat(hashTree(root)).isEqualTo(before);
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
        String before = hashTree(root);

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
        assertThat(hashTree(root)).isEqualTo(before);
    }

    @Test
    void aPointInAnS3RepositoryBootsAndTheBucketStaysUnchanged() throws Exception {
        Path objects = dir.resolve("s3");
        try (S3ProxyFixture server = S3ProxyFixture.start(Files.createDirectories(objects));
                S3ObjectStore store = server.open("s3://drills/repo")) {
            server.createBucket("drills");
            Repository s3 = Repository.init(store, 65536);
            replicate(s3, "boot", disk.image);
            String before = hashTree(objects);

            DrillResult result = new Drill(s3, Clock.systemUTC(), ProgressListener.NONE)
                    .run(options(Target.disk("boot")));

            assertThat(result.passed()).as("%s", result).isTrue();
            assertThat(hashTree(objects)).isEqualTo(before);
        }
    }

    static String hashTree(Path root) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted().toList()) {
                sha.update(root.relativize(path).toString().getBytes());
                if (Files.isRegularFile(path)) {
                    sha.update(Files.readAllBytes(path));
                }
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
