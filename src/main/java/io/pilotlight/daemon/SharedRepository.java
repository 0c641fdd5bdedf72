package io.pilotlight.daemon;

import static java.util.Objects.requireNonNull;

import io.pilotlight.repo.Repository;
import java.io.Closeable;
import java.io.IOException;

/**
 * One repository opened once and shared by every job that uses it (the warm JVM is the point of the
 * daemon). A failed open is retried by the next run that needs it.
 */
final class SharedRepository implements Closeable {
    private final String name;
    private final RepositoryOpener opener;
    private Repository repository;

    SharedRepository(String name, RepositoryOpener opener) {
        this.name = requireNonNull(name, "name is null");
        this.opener = requireNonNull(opener, "opener is null");
    }

    synchronized Repository get() throws IOException {
        if (repository == null) {
            try {
                repository = opener.open();
            } catch (IOException e) {
                throw new IOException("repository " + name + " cannot be opened: " + e.getMessage(), e);
            }
        }
        return repository;
    }

    String name() {
        return name;
    }

    /** The host cache directory its replicate runs use, as the opener says (empty: none). */
    java.util.Optional<java.nio.file.Path> cache() {
        return opener.cache();
    }

    @Override
    public void close() throws IOException {
        opener.close();
    }
}
