package io.pilotlight.source;

import java.io.IOException;

/**
 * A machine whose disks are read together, from one consistent moment when the technology has one
 * (a vSphere VM's snapshot). Opening a session may change the machine (create a snapshot, remove
 * snapshots a dead run left, turn changed block tracking on), so a caller that may run concurrently
 * with another (a second repository, an overlapping schedule) MUST hold a lease before
 * {@link #open()}.
 */
public interface MachineSource {
    /** The machine's URI, as recorded in a group point (credentials never part of it). */
    String uri();

    /** Opens a session over every disk of the machine; closing it releases what it took. */
    MachineSession open() throws IOException;
}
