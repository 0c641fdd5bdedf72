package io.pilotlight.alert;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/** The usable and total bytes of the filesystem that holds {@code path}. */
public record DiskSpace(Path path, long usable, long total) {
    public DiskSpace {
        requireNonNull(path, "path is null");
        if (usable < 0 || total < 0) {
            throw new IllegalArgumentException("disk space of " + path + ": sizes must not be negative");
        }
    }

    /** The filesystem of {@code path}, or of its nearest existing parent (a standby not written yet). */
    public static DiskSpace of(Path path) throws IOException {
        Path existing = path.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw new IOException("no existing directory above " + path);
        }
        FileStore store = Files.getFileStore(existing);
        return new DiskSpace(path, store.getUsableSpace(), store.getTotalSpace());
    }
}
