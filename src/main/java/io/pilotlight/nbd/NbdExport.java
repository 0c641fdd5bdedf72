package io.pilotlight.nbd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * What {@link NbdServer} serves: a read-only run of bytes. Implementations MUST be safe for calls
 * from several connection threads at once.
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
}
