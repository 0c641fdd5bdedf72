package io.pilotlight.source;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * What a source says changed since a change token. Grains outside {@link #changed()} are taken to
 * be the same as in the parent restore point, so a source that does not know must report the whole
 * disk ({@link #fullPass()}). The pipeline still hashes every grain it reads and stores only grains
 * whose content differs from the parent.
 */
public interface ChangeSet {

    /** Regions that may differ from the parent point: sorted, non-overlapping, inside the disk. */
    List<Extent> changed();

    /**
     * Regions the source knows read as zeros (sorted, non-overlapping, inside the disk), for example
     * from NBD {@code base:allocation}. A grain of {@link #changed()} that lies entirely inside them is
     * not read: it is a zero grain, changed only if the parent point had data there. Grains outside
     * {@link #changed()} are taken from the parent whatever this says.
     */
    default List<Extent> knownZero() {
        return List.of();
    }

    /** Whether {@link #changed()} covers the whole disk because no change tracking was used. */
    boolean fullPass();

    /** The token to ask with next time; meaningful only once {@link #commit()} has returned. */
    Optional<String> nextToken();

    /** Why this pass is full, or any other warning to record in the restore point. */
    List<String> warnings();

    /** Called once the restore point is durable: a source may now forget these changes. */
    default void commit() throws IOException {}

    /** Called when the run fails: the source must be able to report these changes again. */
    default void abort() {}
}
