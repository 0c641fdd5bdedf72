package io.pilotlight.sparse;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Optional;

/** Opens {@link SparseFile}s: native on Linux, zero writing elsewhere. */
public final class SparseFiles {
    private static final LinuxC.Binding BINDING = LinuxC.load();

    private SparseFiles() {}

    /**
     * The holes of {@code path}, whose data the caller reads or writes through {@code channel}
     * (used for the fallback's zeros and for the size); {@code write} when holes will be punched.
     */
    public static SparseFile open(Path path, FileChannel channel, boolean write) throws IOException {
        if (BINDING.library().isPresent()) {
            return LinuxSparseFile.open(BINDING.library().get(), path, channel, write);
        }
        return zeroWriting(channel, BINDING.missingBecause());
    }

    /** Early writeback for {@code path} (a file or block device being written), or a no-op. */
    public static Writeback writeback(Path path) {
        if (BINDING.library().isEmpty()) {
            return Writeback.NONE;
        }
        try {
            LinuxC libc = BINDING.library().get();
            return new Writeback(libc, libc.open(path.toString(), LinuxC.O_RDONLY | LinuxC.O_CLOEXEC));
        } catch (com.sun.jna.LastErrorException e) {
            return Writeback.NONE; // advisory: without it the final fsync only takes longer
        }
    }

    /** The fallback, on purpose (tests, or a caller that knows better). */
    public static SparseFile zeroWriting(FileChannel channel, String reason) {
        return new ZeroWritingFile(channel, reason);
    }

    /** Empty when holes can be punched and found natively; else why not. */
    public static Optional<String> unavailableBecause() {
        return BINDING.library().isPresent() ? Optional.empty() : Optional.of(BINDING.missingBecause());
    }
}
