package io.pilotlight.testing.ebs;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.testing.DrillDisk;
import io.pilotlight.testing.Slow;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ebs.model.ChecksumAggregationMethod;
import software.amazon.awssdk.services.ebs.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.ec2.Ec2Client;

/** The fake's instances boot their image's root snapshot under QEMU: what boots here heartbeats, what does not, does not. */
@Slow
class FakeBootTest {
    @TempDir
    Path temp;
    FakeAws aws;
    EbsClient ebs;
    Ec2Client ec2;

    @BeforeEach
    void start() throws Exception {
        aws = FakeAws.start(temp);
        ebs = aws.ebsClient();
        ec2 = aws.ec2Client();
    }

    @AfterEach
    void stop() {
        ebs.close();
        ec2.close();
        aws.close();
    }

    /** Uploads the drill disk's non-zero blocks but {@code skip}; returns the completed snapshot. */
    String upload(Path image, long skip) throws Exception {
        String id = ebs.startSnapshot(r -> r.volumeSize(1L).timeout(60)).snapshotId();
        MessageDigest linear = MessageDigest.getInstance("SHA-256");
        int count = 0;
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "r")) {
            long blocks = (file.length() + FakeSnapshot.BLOCK_SIZE - 1) / FakeSnapshot.BLOCK_SIZE;
            for (long index = 0; index < blocks; index++) {
                byte[] data = new byte[FakeSnapshot.BLOCK_SIZE];
                file.seek(index * FakeSnapshot.BLOCK_SIZE);
                file.read(data);
                if (index == skip || Arrays.equals(data, new byte[data.length])) {
                    continue;
                }
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(data);
                linear.update(digest);
                int block = (int) index;
                ebs.putSnapshotBlock(r -> r.snapshotId(id).blockIndex(block).dataLength(data.length)
                        .checksum(Base64.getEncoder().encodeToString(digest))
                        .checksumAlgorithm(ChecksumAlgorithm.SHA256), RequestBody.fromBytes(data));
                count++;
            }
        }
        int changed = count;
        String aggregate = Base64.getEncoder().encodeToString(linear.digest());
        ebs.completeSnapshot(r -> r.snapshotId(id).changedBlocksCount(changed).checksum(aggregate)
                .checksumAlgorithm(ChecksumAlgorithm.SHA256).checksumAggregationMethod(ChecksumAggregationMethod.LINEAR));
        assertThat(aws.snapshot(id).status()).isEqualTo("completed");
        return id;
    }

    String console(String snapshot, int seconds) throws Exception {
        String image = ec2.registerImage(r -> r.name("boot-" + snapshot).rootDeviceName("/dev/xvda")
                .virtualizationType("hvm").enaSupport(true).blockDeviceMappings(m -> m.deviceName("/dev/xvda")
                        .ebs(e -> e.snapshotId(snapshot)))).imageId();
        String instance = ec2.runInstances(r -> r.imageId(image).instanceType("t3.micro").minCount(1).maxCount(1))
                .instances().get(0).instanceId();
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        String output = "";
        while (System.nanoTime() < deadline && !output.contains("PILOTLIGHT-HEARTBEAT")) {
            Thread.sleep(500);
            String encoded = ec2.getConsoleOutput(r -> r.instanceId(instance).latest(true)).output();
            output = encoded == null ? "" : new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        }
        assertThat(ec2.describeInstances(r -> r.instanceIds(instance)).reservations().get(0).instances().get(0)
                .state().nameAsString()).isEqualTo("running");
        ec2.terminateInstances(r -> r.instanceIds(instance));
        return output;
    }

    @Test
    void anInstanceBootsTheSnapshotAndItsConsoleShowsTheHeartbeat() throws Exception {
        DrillDisk disk = DrillDisk.get();
        String output = console(upload(disk.image, -1), 120);
        assertThat(output).contains("PILOTLIGHT-HEARTBEAT " + disk.marker);
    }

    @Test
    void aSnapshotMissingItsBootSectorNeverHeartbeats() throws Exception {
        DrillDisk disk = DrillDisk.get();
        assertThat(console(upload(disk.image, 0), 20)).doesNotContain("PILOTLIGHT-HEARTBEAT");
    }
}
