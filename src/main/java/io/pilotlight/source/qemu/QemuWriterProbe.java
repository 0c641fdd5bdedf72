package io.pilotlight.source.qemu;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Whether no QEMU process (a VM, qemu-nbd, qemu-storage-daemon, qemu-img) has an image open for
 * writing, asked the way QEMU's own image locking answers it: a process that may write an image holds
 * a shared lock on byte {@value #WRITE_PERMISSION_BYTE} of the file (100 + the bit of the write
 * permission), so an exclusive lock on that byte is refused while one does. The probe takes that
 * lock and releases it at once. {@code false} means "a writer may hold it, or the probe could not
 * tell" (no write access to the file, say): the caller then asks {@code qemu-img info}, whose
 * message names the conflict.
 */
final class QemuWriterProbe {
    private static final long WRITE_PERMISSION_BYTE = 101;

    private QemuWriterProbe() {}

    /** True only if no process holds {@code image}'s QEMU write-permission lock byte. */
    static boolean noWriter(Path image) {
        try (FileChannel channel = FileChannel.open(image, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock(WRITE_PERMISSION_BYTE, 1, false);
            if (lock == null) {
                return false;
            }
            lock.release();
            return true;
        } catch (IOException | OverlappingFileLockException | SecurityException e) {
            return false;
        }
    }
}
