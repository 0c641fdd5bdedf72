package io.pilotlight.cli;

import io.pilotlight.repo.RepositoryException;
import io.pilotlight.store.DirectoryObjectStore;
import io.pilotlight.store.ObjectStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Where the repository lives, from {@code --repo} or {@code PILOTLIGHT_REPO}: a local directory for now. */
record RepoLocation(Path directory) {
    static final String ENVIRONMENT_VARIABLE = "PILOTLIGHT_REPO";

    /** The option wins over the environment; neither is a usage error naming both. */
    static RepoLocation resolve(Optional<String> option, Map<String, String> environment) {
        String value = option.filter(s -> !s.isBlank())
                .or(() -> Optional.ofNullable(environment.get(ENVIRONMENT_VARIABLE)).filter(s -> !s.isBlank()))
                .orElseThrow(() -> new IllegalArgumentException(
                        "no repository given: use --repo DIR or set " + ENVIRONMENT_VARIABLE));
        return parse(value);
    }

    static RepoLocation parse(String value) {
        if (value.startsWith("s3://")) {
            throw new IllegalArgumentException("repository " + value
                    + ": S3 repositories are not supported yet; use a local directory");
        }
        if (value.startsWith("file://")) {
            return new RepoLocation(Path.of(value.substring("file://".length())));
        }
        if (value.startsWith("file:")) {
            return new RepoLocation(Path.of(value.substring("file:".length())));
        }
        if (value.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
            throw new IllegalArgumentException("repository " + value
                    + ": unsupported location; use a local directory (s3:// comes later)");
        }
        return new RepoLocation(Path.of(value));
    }

    /** The store of an existing repository; a missing directory is "no repository here". */
    ObjectStore openExisting() throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new RepositoryException(RepositoryException.Kind.NOT_FOUND, "no repository at " + directory
                    + ": directory does not exist (create one with 'pilotlight init')");
        }
        return openStore(directory);
    }

    /** The store for a new repository; the directory is created if needed. */
    ObjectStore openForInit() throws IOException {
        Files.createDirectories(directory);
        return openStore(directory);
    }

    /** The one place that makes a local store. */
    static ObjectStore openStore(Path root) throws IOException {
        return new DirectoryObjectStore(root);
    }
}
