package io.pilotlight.recovery.image;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A full target file system, told as such: the operating system says only "No space left on
 * device"; the message names the target, its file system, the space free there and what the point
 * needs.
 */
public final class TargetSpace {
    private static final String ENOSPC = "No space left on device";

    private TargetSpace() {}

    /** Whether {@code failure} (or a cause) is the operating system's ENOSPC. */
    public static boolean isFull(Throwable failure) {
        for (Throwable link = failure; link != null && link.getCause() != link; link = link.getCause()) {
            if (String.valueOf(link.getMessage()).contains(ENOSPC)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code failure} as a message naming {@code target} and the {@code needed} bytes when it is
     * ENOSPC, else {@code failure} itself.
     */
    public static IOException explain(IOException failure, Path target, long needed) {
        if (!isFull(failure)) {
            return failure;
        }
        String where = "";
        try {
            Path directory = target.toAbsolutePath().getParent();
            FileStore store = Files.getFileStore(directory);
            where = " (" + store.name() + " on " + directory + ", " + store.getUsableSpace() + " bytes free now)";
        } catch (IOException e) {
            // the message names the target all the same
        }
        return new IOException("no space left on the file system of " + target + where + ": the point needs up to "
                + needed + " bytes (the disk's size; a sparse file's holes take none); free space there or choose"
                + " another target", failure);
    }
}
