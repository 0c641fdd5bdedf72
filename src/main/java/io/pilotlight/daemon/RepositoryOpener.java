package io.pilotlight.daemon;

import io.pilotlight.repo.Repository;
import java.io.Closeable;
import java.io.IOException;

/** Opens one repository for the daemon's jobs (once, on first use); closing releases its store. */
public interface RepositoryOpener extends Closeable {
    Repository open() throws IOException;
}
