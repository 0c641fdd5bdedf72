package io.pilotlight.testing.ebs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ebs.model.ChecksumAggregationMethod;
import software.amazon.awssdk.services.ebs.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.ebs.model.ConflictException;
import software.amazon.awssdk.services.ebs.model.EbsException;
import software.amazon.awssdk.services.ebs.model.GetSnapshotBlockResponse;
import software.amazon.awssdk.services.ebs.model.RequestThrottledException;
import software.amazon.awssdk.services.ebs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ebs.model.StartSnapshotResponse;
import software.amazon.awssdk.services.ebs.model.ValidationException;
import software.amazon.awssdk.services.ebs.model.ValidationExceptionReason;

/** The fake's EBS direct APIs through the real SDK client: each rule of BRIEF.md §10. */
class FakeEbsTest {
    private static final int BLOCK = FakeSnapshot.BLOCK_SIZE;

    @TempDir
    Path temp;
    FakeAws aws;
    EbsClient ebs;

    @BeforeEach
    void start() throws Exception {
        aws = FakeAws.start(temp);
        ebs = aws.ebsClient();
    }

    @AfterEach
    void stop() {
        ebs.close();
        aws.close();
    }

    static byte[] block(int fill) {
        byte[] data = new byte[BLOCK];
        Arrays.fill(data, (byte) fill);
        return data;
    }

    static String checksum(byte[]... blocks) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (byte[] block : blocks) {
            sha.update(block);
        }
        return Base64.getEncoder().encodeToString(sha.digest());
    }

    static String linear(byte[]... blocks) throws Exception {
        MessageDigest outer = MessageDigest.getInstance("SHA-256");
        for (byte[] block : blocks) {
            outer.update(MessageDigest.getInstance("SHA-256").digest(block));
        }
        return Base64.getEncoder().encodeToString(outer.digest());
    }

    String start(String parent, String token) {
        return ebs.startSnapshot(r -> r.volumeSize(1L).parentSnapshotId(parent).clientToken(token).timeout(60))
                .snapshotId();
    }

    void put(String id, int index, byte[] data) throws Exception {
        String sum = checksum(data);
        ebs.putSnapshotBlock(r -> r.snapshotId(id).blockIndex(index).dataLength(data.length).checksum(sum)
                .checksumAlgorithm(ChecksumAlgorithm.SHA256), RequestBody.fromBytes(data));
    }

    String complete(String id, int count, String aggregate) {
        ebs.completeSnapshot(r -> r.snapshotId(id).changedBlocksCount(count).checksum(aggregate)
                .checksumAlgorithm(ChecksumAlgorithm.SHA256).checksumAggregationMethod(ChecksumAggregationMethod.LINEAR));
        return aws.snapshot(id).status();
    }

    byte[] read(String id, int index) throws Exception {
        String token = ebs.listSnapshotBlocks(r -> r.snapshotId(id)).blocks().stream()
                .filter(b -> b.blockIndex() == index).findFirst().orElseThrow().blockToken();
        try (ResponseInputStream<GetSnapshotBlockResponse> in = ebs.getSnapshotBlock(r -> r.snapshotId(id)
                .blockIndex(index).blockToken(token))) {
            return in.readAllBytes();
        }
    }

    @Test
    void aChainOfTwoSnapshotsInheritsUnwrittenBlocksFromTheParent() throws Exception {
        String first = start(null, "t1");
        put(first, 0, block(1));
        put(first, 5, block(2));
        assertThat(complete(first, 2, linear(block(1), block(2)))).isEqualTo("completed");
        String second = start(first, "t2");
        put(second, 5, block(3));
        assertThat(complete(second, 1, linear(block(3)))).isEqualTo("completed");

        assertThat(read(second, 0)).isEqualTo(block(1));
        assertThat(read(second, 5)).isEqualTo(block(3));
        assertThat(read(first, 5)).isEqualTo(block(2));
        assertThat(ebs.listChangedBlocks(r -> r.firstSnapshotId(first).secondSnapshotId(second)).changedBlocks())
                .extracting(b -> b.blockIndex()).containsExactly(5);
        assertThat(aws.snapshot(second).writtenHere()).containsExactly(5L);
    }

    @Test
    void aBlockIsExactly524288BytesWithItsSha256() throws Exception {
        String id = start(null, null);
        byte[] small = new byte[4096];
        assertThatThrownBy(() -> {
            String sum = checksum(small);
            ebs.putSnapshotBlock(r -> r.snapshotId(id).blockIndex(0).dataLength(small.length).checksum(sum)
                    .checksumAlgorithm(ChecksumAlgorithm.SHA256), RequestBody.fromBytes(small));
        }).isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.reason())
                .isEqualTo(ValidationExceptionReason.INVALID_BLOCK)).hasMessageContaining("exactly 524288 bytes");
        String wrong = checksum(block(9));
        assertThatThrownBy(() -> ebs.putSnapshotBlock(r -> r.snapshotId(id).blockIndex(0).dataLength(BLOCK)
                .checksum(wrong).checksumAlgorithm(ChecksumAlgorithm.SHA256), RequestBody.fromBytes(block(1))))
                .isInstanceOf(ValidationException.class).hasMessageContaining("is not the SHA-256 of its data");
        assertThatThrownBy(() -> put(id, 2048, block(1))).isInstanceOf(ValidationException.class)
                .hasMessageContaining("outside the volume's 2048 blocks");
    }

    @Test
    void writesOnlyWhilePendingAndReadsOnlyWhenCompleted() throws Exception {
        String id = start(null, null);
        put(id, 0, block(1));
        assertThatThrownBy(() -> ebs.listSnapshotBlocks(r -> r.snapshotId(id))).isInstanceOf(ValidationException.class)
                .hasMessageContaining("is pending, not completed");
        complete(id, 1, linear(block(1)));
        assertThatThrownBy(() -> put(id, 1, block(1))).isInstanceOf(ValidationException.class)
                .hasMessageContaining("written only while it is pending");
        assertThat(read(id, 0)).isEqualTo(block(1));
    }

    @Test
    void aWrongCountOrAggregateEndsTheSnapshotInError() throws Exception {
        String counted = start(null, null);
        put(counted, 0, block(1));
        assertThat(complete(counted, 2, linear(block(1)))).isEqualTo("error");
        String summed = start(null, null);
        put(summed, 0, block(1));
        put(summed, 1, block(2));
        assertThat(complete(summed, 2, linear(block(2), block(1)))).as("digests in ascending index order")
                .isEqualTo("error");
        String right = start(null, null);
        put(right, 1, block(2));
        put(right, 0, block(1));
        assertThat(complete(right, 2, linear(block(1), block(2)))).isEqualTo("completed");
    }

    @Test
    void aClientTokenGivesTheSameSnapshotForTheSameParametersAnd409ForOthers() {
        StartSnapshotResponse first = ebs.startSnapshot(r -> r.volumeSize(1L).clientToken("tok").timeout(60));
        StartSnapshotResponse again = ebs.startSnapshot(r -> r.volumeSize(1L).clientToken("tok").timeout(60));
        assertThat(again.snapshotId()).isEqualTo(first.snapshotId());
        assertThatThrownBy(() -> ebs.startSnapshot(r -> r.volumeSize(2L).clientToken("tok").timeout(60)))
                .isInstanceOf(ConflictException.class).hasMessageContaining("already used with other parameters")
                .satisfies(e -> assertThat(((EbsException) e).statusCode()).isEqualTo(409));
        assertThat(aws.snapshots()).hasSize(1);
    }

    @Test
    void aParentCannotBeCombinedWithEncrypted() throws Exception {
        String parent = start(null, null);
        complete(parent, 0, linear());
        assertThatThrownBy(() -> ebs.startSnapshot(r -> r.volumeSize(1L).parentSnapshotId(parent).encrypted(true)
                .timeout(60))).isInstanceOf(ValidationException.class)
                .hasMessageContaining("ParentSnapshotId cannot be combined with Encrypted");
    }

    @Test
    void anEncryptedSnapshotReadsRandomBytesWhereNothingWasWritten() throws Exception {
        String id = ebs.startSnapshot(r -> r.volumeSize(1L).encrypted(true).timeout(60)).snapshotId();
        put(id, 0, block(0));
        complete(id, 1, linear(block(0)));
        FakeSnapshot snapshot = aws.snapshot(id);
        assertThat(snapshot.read(0)).isEqualTo(block(0));
        assertThat(snapshot.read(1)).isNotEqualTo(block(0));
    }

    @Test
    void throttlingAndTheEarlyNotFoundComeOnDemand() throws Exception {
        aws.notFoundAfterStart(2);
        String id = start(null, null);
        assertThatThrownBy(() -> put(id, 0, block(1))).isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> put(id, 0, block(1))).isInstanceOf(ResourceNotFoundException.class);
        aws.throttle("PutSnapshotBlock", 1);
        assertThatThrownBy(() -> put(id, 0, block(1))).isInstanceOf(RequestThrottledException.class);
        put(id, 0, block(1));
        assertThat(aws.blocksPut()).isEqualTo(1);
        assertThat(aws.calls("PutSnapshotBlock")).isEqualTo(4);
    }

    @Test
    void listsComeInPagesOf100To10000() throws Exception {
        String id = start(null, null);
        List<byte[]> blocks = new java.util.ArrayList<>();
        for (int i = 0; i < 150; i++) {
            put(id, i, block(i % 7 + 1));
            blocks.add(block(i % 7 + 1));
        }
        complete(id, 150, linear(blocks.toArray(new byte[0][])));
        var page = ebs.listSnapshotBlocks(r -> r.snapshotId(id).maxResults(100));
        assertThat(page.blocks()).hasSize(100);
        var rest = ebs.listSnapshotBlocks(r -> r.snapshotId(id).maxResults(100).nextToken(page.nextToken()));
        assertThat(rest.blocks()).hasSize(50);
        assertThat(rest.nextToken()).isNull();
        assertThatThrownBy(() -> ebs.listSnapshotBlocks(r -> r.snapshotId(id).maxResults(10)))
                .isInstanceOf(ValidationException.class);
    }
}
