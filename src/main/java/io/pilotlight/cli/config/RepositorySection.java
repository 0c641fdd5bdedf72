package io.pilotlight.cli.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Optional;

/** {@code repositories}: named locations, local or S3, with S3 settings and credentials by reference. */
final class RepositorySection {
    private static final String BUCKET = "[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]";

    private RepositorySection() {}

    static Map<String, RepositoryConfig> read(MappingReader top) {
        return NamedSection.read(top, "repositories", "repository",
                "e.g. repositories: {main: {location: /srv/pilotlight}}", (name, repository) -> {
                    Optional<String> location = repository.required("location",
                            Scalars.scalar("a directory or s3://bucket/prefix", RepositorySection::location),
                            "location: /srv/pilotlight or s3://bucket/prefix");
                    Optional<URI> endpoint = repository.optional("endpoint", Scalars.scalar("an http(s) URL",
                            RepositorySection::endpoint));
                    Optional<String> region = repository.optional("region", Scalars.text());
                    Optional<Boolean> pathStyle = repository.optional("path-style", Scalars.bool());
                    Optional<SecretRef> keyId = repository.optional("access-key-id", SecretSection.reader());
                    Optional<SecretRef> secretKey = repository.optional("secret-access-key", SecretSection.reader());
                    Optional<RepositoryPassword> password = repository.optional("password", PasswordSection.reader());
                    if (location.isEmpty()
                            || partlyRead(repository, endpoint, region, pathStyle, keyId, secretKey, password)) {
                        return Optional.empty();
                    }
                    return Optional.of(new RepositoryConfig(name, location.get(), endpoint, region, pathStyle, keyId,
                            secretKey, password));
                });
    }

    /** Whether a key was given but could not be read (it is reported already). */
    private static boolean partlyRead(MappingReader repository, Optional<?>... values) {
        String[] keys = {"endpoint", "region", "path-style", "access-key-id", "secret-access-key", "password"};
        for (int i = 0; i < keys.length; i++) {
            if (repository.has(keys[i]) && values[i].isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private static String location(String value) {
        if (value.startsWith("s3://")) {
            if (!value.matches("s3://" + BUCKET + "(/[^/]+)*/?")) {
                throw new InvalidValue("location '" + value + "' is not s3://bucket/prefix",
                        "a bucket of 3-63 lower-case letters, digits, '.' and '-', then an optional prefix");
            }
            return value;
        }
        if (!value.startsWith("/")) {
            throw new InvalidValue("location '" + value + "' is neither an absolute directory nor s3://bucket/prefix",
                    "e.g. /srv/pilotlight or s3://backups/pilotlight");
        }
        return value;
    }

    static URI endpoint(String value) {
        try {
            URI uri = new URI(value);
            if ((!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new InvalidValue("endpoint '" + value + "' is not an http(s) URL", "e.g. https://s3.example.com");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new InvalidValue("endpoint '" + value + "' is not a URL: " + e.getReason(), "e.g. https://s3.example.com");
        }
    }
}
