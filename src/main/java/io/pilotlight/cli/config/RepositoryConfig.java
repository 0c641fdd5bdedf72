package io.pilotlight.cli.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Optional;

/**
 * A repository: {@code location} is an absolute local directory or {@code s3://bucket/prefix}; the S3
 * settings and credentials (by reference only) apply to S3 locations alone.
 */
public record RepositoryConfig(String name, String location, Optional<URI> endpoint, Optional<String> region,
        Optional<Boolean> pathStyle, Optional<SecretRef> accessKeyId, Optional<SecretRef> secretAccessKey) {
    public RepositoryConfig {
        Scalars.checkName("repository", requireNonNull(name, "name is null"));
        requireNonNull(location, "location is null");
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(region, "region is null");
        requireNonNull(pathStyle, "pathStyle is null");
        requireNonNull(accessKeyId, "accessKeyId is null");
        requireNonNull(secretAccessKey, "secretAccessKey is null");
        if (!location.startsWith("s3://") && (endpoint.isPresent() || region.isPresent() || pathStyle.isPresent()
                || accessKeyId.isPresent() || secretAccessKey.isPresent())) {
            throw new InvalidValue("endpoint, region, path-style and credentials apply to s3:// locations only",
                    "remove them, or give location: s3://bucket/prefix");
        }
        if (accessKeyId.isPresent() != secretAccessKey.isPresent()) {
            throw new InvalidValue("access-key-id and secret-access-key go together",
                    "give both, or neither to use the AWS default chain (AWS_ACCESS_KEY_ID, AWS_PROFILE, ...)");
        }
    }

    public boolean isS3() {
        return location.startsWith("s3://");
    }
}
