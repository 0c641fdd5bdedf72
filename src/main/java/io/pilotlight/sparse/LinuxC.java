package io.pilotlight.sparse;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.util.Optional;

/** The few libc calls Java lacks, bound with JNA; constants are Linux's (x86-64 and arm64 alike). */
interface LinuxC extends Library {
    int O_RDONLY = 0;
    int O_RDWR = 2;
    int O_CLOEXEC = 0x80000;
    int FALLOC_FL_KEEP_SIZE = 1;
    int FALLOC_FL_PUNCH_HOLE = 2;
    int SEEK_DATA = 3;
    int SEEK_HOLE = 4;
    int ENXIO = 6;
    int EINVAL = 22;
    int EOPNOTSUPP = 95;
    int SYNC_FILE_RANGE_WRITE = 2;

    int open(String path, int flags) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    int fallocate(int fd, int mode, long offset, long length) throws LastErrorException;

    long lseek(int fd, long offset, int whence) throws LastErrorException;

    int sync_file_range(int fd, long offset, long nbytes, int flags) throws LastErrorException;

    /** The bound library, or why there is none (not Linux, no native support for JNA here). */
    static Binding load() {
        if (!Platform.isLinux()) {
            return new Binding(Optional.empty(), "not Linux (" + System.getProperty("os.name") + ")");
        }
        try {
            return new Binding(Optional.of(Native.load("c", LinuxC.class)), "");
        } catch (LinkageError | RuntimeException e) {
            return new Binding(Optional.empty(), "libc cannot be bound through JNA: " + e.getMessage());
        }
    }

    /** A loaded library or the reason it is missing. */
    record Binding(Optional<LinuxC> library, String missingBecause) {}
}
