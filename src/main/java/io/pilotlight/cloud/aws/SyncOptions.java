package io.pilotlight.cloud.aws;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * How to sync: {@code parallel} PutSnapshotBlock requests in flight (EBS allows 1,000 per second per
 * snapshot), the snapshot's idle {@code timeoutMinutes} (10 to 4320: AWS cancels a pending snapshot
 * idle that long), an encrypted chain (with a KMS key, or the account's default EBS key), how long a
 * completed upload may take to become {@code completed}, and blocks read from the repository at once.
 */
public record SyncOptions(int parallel, int timeoutMinutes, boolean encrypted, Optional<String> kmsKeyArn,
        Duration completionLimit, int blocksPerRead) {

    public SyncOptions {
        requireNonNull(kmsKeyArn, "kmsKeyArn is null");
        requireNonNull(completionLimit, "completionLimit is null");
        if (parallel < 1 || parallel > 64) {
            throw new IllegalArgumentException("--parallel " + parallel + " must be 1 to 64");
        }
        if (timeoutMinutes < 10 || timeoutMinutes > 4320) {
            throw new IllegalArgumentException("snapshot timeout " + timeoutMinutes + " must be 10 to 4320 minutes");
        }
        if (kmsKeyArn.isPresent() && !encrypted) {
            throw new IllegalArgumentException("--kms-key needs --encrypted");
        }
        if (blocksPerRead < 1) {
            throw new IllegalArgumentException("blocks per read " + blocksPerRead + " must be at least 1");
        }
    }

    public static SyncOptions defaults() {
        return new SyncOptions(16, 60, false, Optional.empty(), Duration.ofMinutes(30), 32);
    }
}
