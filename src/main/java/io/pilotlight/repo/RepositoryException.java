package io.pilotlight.repo;

import java.io.IOException;

/**
 * A repository is not usable as asked: none at the location, one already there, an unknown disk or
 * point, a lease held by another writer. {@link #kind()} tells the command line which exit code.
 */
public final class RepositoryException extends IOException {
    public enum Kind { NOT_FOUND, ALREADY_EXISTS, UNKNOWN_DISK, UNKNOWN_POINT, LOCKED, UNSUPPORTED }

    private final Kind kind;

    public RepositoryException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
