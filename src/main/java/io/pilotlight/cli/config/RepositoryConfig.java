package io.pilotlight.cli.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Optional;

/**
 * A repository: {@code location} is an absolute local directory or {@code s3://bucket/prefix}; the S3
 * settings and credentials (by reference only) apply to S3 locations alone. {@code password}, when
 * given, is where this repository's passphrase comes from (or {@code none}: plain), instead of the
 * process's {@code PILOTLIGHT_PASSWORD_FILE}/{@code _COMMAND}.
 */
public record RepositoryConfig(String name, String location, Optional<URI> endpoint, Optional<String> region,
        Optional<Boolean> pathStyle, Optional<SecretRef> accessKeyId, Optional<SecretRef> secretAccessKey,
        Optional<RepositoryPassword> password) {
    public RepositoryConfig {
        Scalars.checkName("repository", requireNonNull(name, "name is null"));
        requireNonNull(location, "location is null");
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(region, "region is null");
        requireNonNull(pathStyle, "pathStyle is null");
        requireNonNull(accessKeyId, "accessKeyId is null");
        requireNonNull(secretAccessKey, "secretAccessKey is null");
        requireNonNull(password, "password is null");
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

    /** A repository whose passphrase, if any, comes from the environment. */
    public RepositoryConfig(String name, String location, Optional<URI> endpoint, Optional<String> region,
            Optional<Boolean> pathStyle, Optional<SecretRef> accessKeyId, Optional<SecretRef> secretAccessKey) {
        this(name, location, endpoint, region, pathStyle, accessKeyId, secretAccessKey, Optional.empty());
    }

    public boolean isS3() {
        return location.startsWith("s3://");
    }
}
