package io.pilotlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.repo.Repository;
import io.pilotlight.store.DirectoryObjectStore;
import io.pilotlight.testing.DrillDisk;
import io.pilotlight.testing.Slow;
import io.pilotlight.testing.ebs.FakeAws;
import io.pilotlight.testing.ebs.FakeInstance;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "done when": three points of the drill disk, synced as a chain of three snapshots (the
 * second and third writing only their changed blocks), a drill failover to the newest in the fake
 * EC2, whose QEMU boots the snapshot and shows the heartbeat; then nothing is left behind.
 */
@Slow
class CloudFailoverEndToEndTest {
    private static final long MIB = 1 << 20;

    @TempDir
    Path temp;
    FakeAws aws;
    Map<String, String> environment;

    @BeforeEach
    void start() throws Exception {
        aws = FakeAws.start(temp.resolve("fake"));
        environment = Map.of("AWS_ACCESS_KEY_ID", FakeAws.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", FakeAws.SECRET_KEY,
                "AWS_REGION", FakeAws.REGION.id(), "AWS_ENDPOINT_URL", aws.endpoint().toString());
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    static void write(Path image, long offset, byte[] data) throws Exception {
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.seek(offset);
            file.write(data);
        }
    }

    static byte[] random(Random random, int length) {
        byte[] data = new byte[length];
        random.nextBytes(data);
        return data;
    }

    CliRun cli(String... args) {
        CliRun run = CliRun.run(environment, args);
        assertThat(run.exitCode()).as(String.join(" ", args) + "\n" + run.err()).isZero();
        return run;
    }

    @Test
    void threePointsSyncAsAChainAndTheNewestBootsToItsHeartbeat() throws Exception {
        DrillDisk disk = DrillDisk.get();
        Path image = Files.copy(disk.image, temp.resolve("disk.raw"));
        String repo = temp.resolve("repo").toString();
        String[] points = new String[3];
        cli("init", "--repo", repo);
        Random random = new Random(16);
        for (int i = 0; i < 3; i++) {
            if (i == 1) { // free clusters at the end of the FAT partition: two blocks change
                write(image, 250 * MIB, random(random, 128 << 10));
                write(image, 252 * MIB + (64 << 10), random(random, 64 << 10));
            } else if (i == 2) { // one more block, and one block back to zeros
                write(image, 253 * MIB, random(random, 64 << 10));
                write(image, 252 * MIB + (64 << 10), new byte[64 << 10]);
            }
            cli("replicate", "--repo", repo, "--disk", "boot", "--source", "file:" + image);
            points[i] = Repository.open(new DirectoryObjectStore(temp.resolve("repo"))).latest("boot").orElseThrow()
                    .id();
        }
        long[] written = new long[3];
        String[] snapshots = new String[3];
        for (int i = 0; i < 3; i++) {
            long before = aws.blocksPut();
            snapshots[i] = cli("cloud", "sync", "--repo", repo, "--disk", "boot", "--point", points[i]).out().strip();
            written[i] = aws.blocksPut() - before;
        }
        assertThat(written[0]).as("the full snapshot: every block with data").isGreaterThanOrEqualTo(10);
        assertThat(written[1]).as("two changed blocks").isEqualTo(2);
        assertThat(written[2]).as("one changed, one zeroed").isEqualTo(2);
        assertThat(aws.snapshot(snapshots[1]).parent.id).isEqualTo(snapshots[0]);
        assertThat(aws.snapshot(snapshots[2]).parent.id).isEqualTo(snapshots[1]);
        assertThat(cli("cloud", "sync", "--repo", repo, "--disk", "boot").out().strip()).isEqualTo(snapshots[2]);
        assertThat(aws.snapshots()).hasSize(3);

        CliRun failover = cli("cloud", "failover", "--repo", repo, "--disk", "boot", "--drill", "--subnet",
                "subnet-0123456789abcdef0", "--security-group", "sg-0123456789abcdef0", "--key-name", "drill-key",
                "--heartbeat", "PILOTLIGHT-HEARTBEAT", "--heartbeat-timeout", "180s", "--port",
                Integer.toString(DrillDisk.PORT), "--port-timeout", "120s");
        assertThat(failover.out()).contains("heartbeat 'PILOTLIGHT-HEARTBEAT " + disk.marker + "'")
                .containsPattern("\\+ heartbeat->port [0-9.]+ s")
                .containsPattern("port 127\\.[0-9.]+:" + DrillDisk.PORT + " answered 'PILOTLIGHT-MARKER "
                        + disk.marker + "'")
                .contains("from " + snapshots[2]).containsPattern("RTO [0-9.]+ s = sync [0-9.]+ s \\(0 blocks\\)")
                .contains("drill: instance terminated, image deregistered");
        System.out.println("blocks written per snapshot: " + java.util.Arrays.toString(written) + "\n" + failover.out());
        FakeInstance instance = aws.ec2.instances().get(0);
        assertThat(instance.state()).isEqualTo("terminated");
        assertThat(instance.subnetId).isEqualTo("subnet-0123456789abcdef0");
        assertThat(instance.securityGroups).containsExactly("sg-0123456789abcdef0");
        assertThat(instance.tags).containsKey("pilotlight:drill").containsEntry("pilotlight:point", points[2]);
        assertThat(aws.ec2.images()).allSatisfy(i -> assertThat(i.deregistered()).isTrue());
        assertThat(aws.ec2.images().get(0).snapshots()).containsEntry("/dev/xvda", snapshots[2]);
        assertThat(cli("cloud", "cleanup").out()).isEmpty();
    }

    @Test
    void aGroupSyncsEveryMemberDiskAndPrintsJson() throws Exception {
        Path os = temp.resolve("os.img");
        Path data = temp.resolve("data.img");
        byte[] bytes = new byte[3 << 20];
        new Random(7).nextBytes(bytes);
        Files.write(os, bytes);
        Files.write(data, java.util.Arrays.copyOf(bytes, 1 << 20));
        String repo = temp.resolve("repo").toString();
        cli("init", "--repo", repo);
        cli("replicate", "--repo", repo, "--group", "vm1", "--source", "os=file:" + os, "--source", "data=file:" + data);
        String[] ids = cli("cloud", "sync", "--repo", repo, "--group", "vm1").out().strip().split("\n");
        assertThat(ids).hasSize(2);
        assertThat(aws.snapshot(ids[0]).tags).containsEntry("pilotlight:disk", "vm1-os");
        assertThat(aws.snapshot(ids[0]).writtenHere()).hasSize(6);
        assertThat(aws.snapshot(ids[1]).tags).containsEntry("pilotlight:disk", "vm1-data");
        assertThat(aws.snapshot(ids[1]).writtenHere()).hasSize(2);
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(cli("cloud", "sync", "--repo", repo,
                "--group", "vm1", "--json").out());
        assertThat(json).hasSize(2);
        assertThat(json.get(0).get("alreadySynced").asBoolean()).isTrue();
        assertThat(json.get(1).get("record").get("snapshotId").asText()).isEqualTo(ids[1]);
        assertThat(aws.snapshots()).hasSize(2);
    }

    @Test
    void aGroupFailsOverAsOneInstanceWithItsDataDisk() throws Exception {
        DrillDisk disk = DrillDisk.get();
        Path os = Files.copy(disk.image, temp.resolve("os.raw"));
        Path data = temp.resolve("data.img");
        byte[] bytes = new byte[1 << 20];
        new Random(9).nextBytes(bytes);
        Files.write(data, bytes);
        String repo = temp.resolve("repo").toString();
        cli("init", "--repo", repo);
        cli("replicate", "--repo", repo, "--group", "web", "--source", "os=file:" + os, "--source", "data=file:" + data);
        CliRun failover = cli("cloud", "failover", "--repo", repo, "--group", "web", "--drill", "--heartbeat",
                "PILOTLIGHT-HEARTBEAT", "--heartbeat-timeout", "180s");
        assertThat(failover.out()).contains("heartbeat 'PILOTLIGHT-HEARTBEAT " + disk.marker + "'").startsWith("web/");
        assertThat(aws.ec2.images()).singleElement().satisfies(image -> {
            assertThat(image.snapshots()).containsOnlyKeys("/dev/xvda", "/dev/sdb");
            assertThat(aws.snapshot(image.snapshots().get("/dev/xvda")).tags).containsEntry("pilotlight:disk", "web-os");
            assertThat(aws.snapshot(image.snapshots().get("/dev/sdb")).tags).containsEntry("pilotlight:disk", "web-data");
            assertThat(image.tags()).containsEntry("pilotlight:group", "web");
        });
    }
}
