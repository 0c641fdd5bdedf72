package io.pilotlight.daemon;

import io.pilotlight.repo.Repository;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** Opens one repository for the daemon's jobs (once, on first use); closing releases its store. */
public interface RepositoryOpener extends Closeable {
    Repository open() throws IOException;

    /**
     * This host's cache directory for the repository's replicate runs (docs/design.md §15a, §15b: index
     * copies and the checked-points record), the one the commands use; empty for none.
     */
    default Optional<Path> cache() {
        return Optional.empty();
    }
}
