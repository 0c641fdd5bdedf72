package io.pilotlight.cli.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Optional;

/**
 * A cloud sync job: keeps the EBS snapshot chain of {@code disk} or of every member disk of
 * {@code group} current in AWS {@code region}, polling on {@code schedule} for points not synced
 * yet; at {@code endpoint} when given (a test or compatible endpoint), with credentials by reference
 * (else the AWS default chain), an {@code encrypted} chain (with {@code kmsKey}, else the account's
 * default EBS key), {@code parallel} block writes in flight.
 */
public record CloudSyncConfig(String name, Optional<String> disk, Optional<String> group, String repository,
        Schedule schedule, String region, Optional<URI> endpoint, Optional<SecretRef> accessKeyId,
        Optional<SecretRef> secretAccessKey, boolean encrypted, Optional<String> kmsKey, int parallel) {
    public static final int DEFAULT_PARALLEL = 16;
    public static final int MAX_PARALLEL = 64;

    public CloudSyncConfig {
        Scalars.checkName("cloud sync", requireNonNull(name, "name is null"));
        requireNonNull(disk, "disk is null");
        requireNonNull(group, "group is null");
        requireNonNull(repository, "repository is null");
        requireNonNull(schedule, "schedule is null");
        requireNonNull(region, "region is null");
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(accessKeyId, "accessKeyId is null");
        requireNonNull(secretAccessKey, "secretAccessKey is null");
        requireNonNull(kmsKey, "kmsKey is null");
        if (disk.isPresent() == group.isPresent()) {
            throw new InvalidValue("cloud sync '" + name + "' needs exactly one of 'disk' and 'group'", "");
        }
        if (accessKeyId.isPresent() != secretAccessKey.isPresent()) {
            throw new InvalidValue("cloud sync '" + name + "': access-key-id and secret-access-key go together",
                    "give both, or neither to use the AWS default chain (AWS_ACCESS_KEY_ID, AWS_PROFILE, ...)");
        }
        if (kmsKey.isPresent() && !encrypted) {
            throw new InvalidValue("cloud sync '" + name + "': kms-key needs encrypted: true",
                    "a KMS key encrypts a new chain; add encrypted: true or remove kms-key");
        }
        if (parallel < 1 || parallel > MAX_PARALLEL) {
            throw new InvalidValue("cloud sync '" + name + "': parallel " + parallel + " is not from 1 to "
                    + MAX_PARALLEL, "EBS takes at most 1,000 PutSnapshotBlock requests per second per snapshot");
        }
    }
}
