package io.pilotlight.sparse;

import java.io.Closeable;
import java.io.IOException;
import java.util.Optional;

/**
 * The holes of one open file. Offsets are bytes; {@link #nextData} and {@link #nextHole} follow
 * {@code lseek(2)}'s {@code SEEK_DATA}/{@code SEEK_HOLE} but return the file size instead of
 * failing at the end. A file opened through {@link SparseFiles} may answer "all data": every
 * caller must be correct then, only slower.
 */
public interface SparseFile extends Closeable {
    /**
     * Makes {@code [offset, offset + length)} read as zeros without changing the file size: a hole
     * punched where the platform allows, else zeros written. Returns whether a hole was punched.
     */
    boolean zero(long offset, long length) throws IOException;

    /** The first offset ≥ {@code offset} that holds data, or the file size when only holes follow. */
    long nextData(long offset) throws IOException;

    /** The first offset ≥ {@code offset} in a hole (the file's end counts as one). */
    long nextHole(long offset) throws IOException;

    /** Empty while holes are punched; else why zeros are written instead. */
    Optional<String> zerosWrittenBecause();
}
