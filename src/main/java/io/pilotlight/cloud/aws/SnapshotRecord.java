package io.pilotlight.cloud.aws;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pilotlight.repo.CorruptObjectException;
import java.io.IOException;

/**
 * Which EBS snapshot holds which restore point: the JSON of {@code cloud/aws/<disk>/<point>.json}
 * (docs/design.md, "Cloud records"), written once the snapshot is {@code completed}.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record SnapshotRecord(
        int format,
        String disk,
        String point,
        String digest,
        String region,
        String snapshotId,
        String parentSnapshotId,
        String parentPoint,
        long volumeSizeGib,
        int blockSize,
        long blocksWritten,
        long zeroBlocksWritten,
        boolean encrypted,
        String kmsKeyArn,
        String clientToken,
        String created) {

    public static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public SnapshotRecord {
        requireNonNull(disk, "disk is null");
        requireNonNull(point, "point is null");
        requireNonNull(snapshotId, "snapshotId is null");
        requireNonNull(region, "region is null");
        if (!snapshotId.matches("snap-[0-9a-f]{8,17}")) {
            throw new IllegalArgumentException("snapshot id '" + snapshotId + "' of " + disk + "/" + point
                    + " is not snap- and 8 to 17 hex digits");
        }
        if (volumeSizeGib < 1 || blockSize != BlockPlan.BLOCK_SIZE) {
            throw new IllegalArgumentException("record of " + disk + "/" + point + ": volume " + volumeSizeGib
                    + " GiB with blocks of " + blockSize + " bytes (must be at least 1 GiB and 524288)");
        }
    }

    byte[] toJson() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException("record of " + disk + "/" + point + " cannot be written as JSON", e);
        }
    }

    static SnapshotRecord fromJson(String where, byte[] json) throws CorruptObjectException {
        SnapshotRecord record;
        try {
            record = JSON.readValue(json, SnapshotRecord.class);
        } catch (IOException | RuntimeException e) {
            throw new CorruptObjectException(where + ": not a snapshot record (" + e.getMessage().lines().findFirst()
                    .orElse("") + ")");
        }
        if (record.format() != FORMAT) {
            throw new CorruptObjectException(where + ": snapshot record format " + record.format() + " is not "
                    + FORMAT);
        }
        return record;
    }
}
