package io.pilotlight.cli;

import io.pilotlight.repo.RepositoryException;
import io.pilotlight.store.DirectoryObjectStore;
import io.pilotlight.store.ObjectStore;
import io.pilotlight.store.S3Location;
import io.pilotlight.store.S3ObjectStore;
import io.pilotlight.store.S3Options;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Where the repository lives, from {@code --repo} or {@code PILOTLIGHT_REPO}: a local directory, or
 * {@code s3://bucket/prefix} with the endpoint, region and addressing style from the S3 options or
 * the environment ({@code AWS_ENDPOINT_URL}, {@code AWS_REGION}).
 */
sealed interface RepoLocation {
    String ENVIRONMENT_VARIABLE = "PILOTLIGHT_REPO";

    /** A local directory. */
    record Local(Path directory) implements RepoLocation {
        @Override
        public ObjectStore openExisting(S3Options options) throws IOException {
            if (!Files.isDirectory(directory)) {
                throw new RepositoryException(RepositoryException.Kind.NOT_FOUND, "no repository at " + directory
                        + ": directory does not exist (create one with 'pilotlight init')");
            }
            return new DirectoryObjectStore(directory);
        }

        @Override
        public ObjectStore openForInit(S3Options options) throws IOException {
            for (Path path = directory.toAbsolutePath(); path != null; path = path.getParent()) {
                if (Files.exists(path) && !Files.isDirectory(path)) {
                    throw new IllegalArgumentException("--repo " + directory + ": " + path + " is a file, not a"
                            + " directory; a local repository is a directory (new, or empty)");
                }
            }
            Files.createDirectories(directory);
            return new DirectoryObjectStore(directory);
        }

        @Override
        public String toString() {
            return directory.toString();
        }
    }

    /**
     * A bucket and prefix in an S3-compatible service, and the credentials for it: the environment's
     * keys when set (without the SDK's default chain probing system properties, profile files, web
     * identity, container and instance metadata first), else that chain.
     */
    record S3(S3Location location, AwsCredentialsProvider credentials) implements RepoLocation {
        @Override
        public ObjectStore openExisting(S3Options options) {
            return S3ObjectStore.open(location, options, credentials, List.of());
        }

        @Override
        public ObjectStore openForInit(S3Options options) {
            return S3ObjectStore.open(location, options, credentials, List.of());
        }

        @Override
        public String toString() {
            return location.toString();
        }
    }

    /** The store of an existing repository; a missing directory is "no repository here". */
    ObjectStore openExisting(S3Options options) throws IOException;

    /** The store for a new repository; a local directory is created if needed. */
    ObjectStore openForInit(S3Options options) throws IOException;

    /** The option wins over the environment; neither is a usage error naming both. */
    static RepoLocation resolve(Optional<String> option, S3Settings s3, Map<String, String> environment) {
        String value = option.filter(s -> !s.isBlank())
                .or(() -> Optional.ofNullable(environment.get(ENVIRONMENT_VARIABLE)).filter(s -> !s.isBlank()))
                .orElseThrow(() -> new IllegalArgumentException(
                        "no repository given: use --repo DIR|s3://bucket/prefix or set " + ENVIRONMENT_VARIABLE));
        return parse(value, s3, environment);
    }

    static RepoLocation parse(String value, S3Settings s3, Map<String, String> environment) {
        if (value.startsWith("s3://")) {
            return new S3(s3.apply(S3Location.parse(value), environment), AwsArguments.credentials(environment));
        }
        if (value.startsWith("file://")) {
            return new Local(Path.of(value.substring("file://".length())));
        }
        if (value.startsWith("file:")) {
            return new Local(Path.of(value.substring("file:".length())));
        }
        if (value.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
            throw new IllegalArgumentException("repository " + value
                    + ": unsupported location; use a local directory or s3://bucket/prefix");
        }
        return new Local(Path.of(value));
    }

    /**
     * S3 options from the command line; each falls back to the environment. Path-style addressing
     * is on by default when an endpoint is given (MinIO, Ceph, S3Proxy and IP endpoints need it).
     */
    record S3Settings(Optional<String> endpoint, Optional<String> region, Optional<Boolean> pathStyle) {
        S3Location apply(S3Location location, Map<String, String> environment) {
            Optional<String> endpointValue = endpoint.or(() -> Optional.ofNullable(environment.get("AWS_ENDPOINT_URL_S3")))
                    .or(() -> Optional.ofNullable(environment.get("AWS_ENDPOINT_URL"))).filter(s -> !s.isBlank());
            Optional<String> regionValue = region.or(() -> Optional.ofNullable(environment.get("AWS_REGION")))
                    .or(() -> Optional.ofNullable(environment.get("AWS_DEFAULT_REGION"))).filter(s -> !s.isBlank());
            S3Location result = location;
            if (endpointValue.isPresent()) {
                URI uri;
                try {
                    uri = URI.create(endpointValue.get());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("S3 endpoint '" + endpointValue.get()
                            + "' is not a URL: give it as http(s)://host[:port]");
                }
                result = result.withEndpoint(uri);
            }
            if (regionValue.isPresent()) {
                result = result.withRegion(regionValue.get());
            }
            return result.withPathStyle(pathStyle.orElse(endpointValue.isPresent()));
        }
    }
}
