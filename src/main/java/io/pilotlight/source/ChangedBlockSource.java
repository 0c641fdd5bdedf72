package io.pilotlight.source;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * A disk to protect: its size, what changed since a token, and positional reads. One instance is
 * used by one replicate run; {@link #read} may be called from several threads at once.
 */
public interface ChangedBlockSource extends Closeable {

    /** The source as the user named it, for messages and the restore point record. */
    String uri();

    /**
     * Whether this source's change tokens name what they were issued for (a bitmap of this very
     * qcow2 node, a change id of this very vSphere disk) and are checked against it, with a warning
     * when they are not its own: such a source is offered the last point's token even when the last
     * point named it differently ({@link SourceIdentity}).
     */
    default boolean tokenNamesItsSource() {
        return false;
    }

    /** Size of the disk in bytes, fixed for this run. */
    long size() throws IOException;

    /**
     * Regions that may have changed since {@code sinceToken} (the token the last committed point
     * recorded), or the whole disk when the token is empty, unknown or no longer valid.
     */
    ChangeSet changes(Optional<String> sinceToken) throws IOException;

    /** Fills {@code target} from {@code offset}; a range past {@link #size()} is an error. */
    void read(long offset, ByteBuffer target) throws IOException;
}
