package io.pilotlight.nbd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * What {@link NbdServer} serves: a run of bytes, read-only unless {@link #writable()}.
 * Implementations MUST be safe for calls from several connection threads at once.
 */
public interface NbdExport {
    /** Size in bytes; constant for the life of the export. */
    long size();

    /**
     * Fills {@code target} from its position to its limit with the bytes at {@code offset} (the caller
     * keeps the range inside {@link #size()}). Throws rather than return bytes it cannot vouch for.
     */
    void read(long offset, ByteBuffer target) throws IOException;

    /**
     * The {@code base:allocation} extents covering exactly {@code [offset, offset + length)}, in order,
     * with {@link NbdExtent#ALLOCATION_HOLE} and {@link NbdExtent#ALLOCATION_ZERO} flags.
     */
    List<NbdExtent> allocation(long offset, long length) throws IOException;

    /** Whether clients may write; a read-only export refuses writes with EPERM. */
    default boolean writable() {
        return false;
    }

    /**
     * Writes {@code source}'s remaining bytes at {@code offset} (the caller keeps the range inside
     * {@link #size()}). Durable only after {@link #flush()}.
     */
    default void write(long offset, ByteBuffer source) throws IOException {
        throw new IOException("the export is read-only");
    }

    /** Makes every write so far durable (NBD_CMD_FLUSH). */
    default void flush() throws IOException {}
}
