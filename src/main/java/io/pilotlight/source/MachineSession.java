package io.pilotlight.source;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * An open session over the disks of a machine ({@link MachineSource#open()}). {@link #close()}
 * closes the disks' sources and undoes what opening did (e.g. removes the snapshot); it MUST be
 * called, also after a failure, and runs even when the thread is interrupted.
 */
public interface MachineSession extends Closeable {
    /** The machine's disks, in its device order, each with a name unique within the machine. */
    List<MachineDisk> disks();

    /** What opening the session did or found that a point should record (e.g. CBT turned on). */
    List<String> warnings();

    /**
     * The machine's definition at the session's instant, saved with the group point so that a
     * restore can define the machine again (libvirt: the domain's inactive XML); none by default.
     */
    default Optional<String> definition() {
        return Optional.empty();
    }

    @Override
    void close() throws IOException;
}
