package io.pilotlight.sparse;

import com.sun.jna.LastErrorException;
import java.io.Closeable;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Starts the kernel writing a file's dirty pages while a large write is still under way
 * ({@code sync_file_range(SYNC_FILE_RANGE_WRITE)} every {@link #EVERY} bytes), so the fsync that
 * makes the write durable has little left to wait for: the first follow of W1 took 1.12 s instead
 * of 1.30 s (medians of 6 alternating runs, bench/README.md). Advisory only: durability still comes from that fsync, so a failure here is
 * ignored, and where libc is not bound this does nothing. Thread-safe.
 */
public final class Writeback implements Closeable {
    static final long EVERY = 32L << 20;
    static final Writeback NONE = new Writeback(null, -1);

    private final LinuxC libc;
    private final int fd;
    private final AtomicLong unsynced = new AtomicLong();

    Writeback(LinuxC libc, int fd) {
        this.libc = libc;
        this.fd = fd;
    }

    /** Counts {@code bytes} written; past {@link #EVERY} since the last start, starts writeback of the file. */
    public void wrote(long bytes) {
        if (libc == null || unsynced.addAndGet(bytes) < EVERY) {
            return;
        }
        unsynced.set(0);
        try {
            libc.sync_file_range(fd, 0, 0, LinuxC.SYNC_FILE_RANGE_WRITE);
        } catch (LastErrorException e) {
            // advisory: the caller's fsync still makes the data durable
        }
    }

    @Override
    public void close() {
        if (libc != null) {
            try {
                libc.close(fd);
            } catch (LastErrorException e) {
                // a read-only descriptor of our own: nothing to lose
            }
        }
    }
}
