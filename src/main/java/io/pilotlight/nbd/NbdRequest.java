package io.pilotlight.nbd;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One command in flight and what its reply has delivered so far: for a read, which byte ranges of its
 * target the chunks filled; for block status, the extents of its meta context. Completed once, by
 * {@link #finish} or {@link #fail}; the first wins.
 */
final class NbdRequest {
    final String export;
    final long handle;
    final int command;
    final long offset;
    final int length;
    /** READ: the caller's bytes for this request, position 0, limit {@code length}. */
    final ByteBuffer target;
    /** BLOCK_STATUS: the server's id of the meta context asked for. */
    final int contextId;

    private final List<long[]> filled = new ArrayList<>();
    private List<NbdExtent> extents;
    private IOException failure;
    private final AtomicBoolean completed = new AtomicBoolean();
    private final CountDownLatch done = new CountDownLatch(1);

    private NbdRequest(String export, long handle, int command, long offset, int length, ByteBuffer target, int contextId) {
        this.export = export;
        this.handle = handle;
        this.command = command;
        this.offset = offset;
        this.length = length;
        this.target = target;
        this.contextId = contextId;
    }

    static NbdRequest read(String export, long handle, long offset, ByteBuffer target) {
        return new NbdRequest(export, handle, NbdProtocol.CMD_READ, offset, target.remaining(), target.slice(), -1);
    }

    static NbdRequest blockStatus(String export, long handle, long offset, int length, int contextId) {
        return new NbdRequest(export, handle, NbdProtocol.CMD_BLOCK_STATUS, offset, length, null, contextId);
    }

    String describe() {
        return "NBD export '" + export + "': " + NbdProtocol.commandName(command) + " at offset " + offset + " length "
                + Integer.toUnsignedString(length);
    }

    /** The reply filled {@code [start, start + count)} of this request's range (relative to its offset). */
    void filled(long start, long count) {
        filled.add(new long[] {start, start + count});
    }

    /** The reply's extents for this request's context; a second set for the same context is a protocol error. */
    void extents(List<NbdExtent> received) throws IOException {
        if (extents != null) {
            throw new IOException(describe() + ": server sent two block status chunks for context " + contextId);
        }
        extents = received;
    }

    /** A server error chunk; the reply goes on until its DONE chunk, and the first error is the one reported. */
    void serverError(int error, String message) {
        if (failure == null) {
            failure = NbdException.command(export, NbdProtocol.commandName(command), offset,
                    Integer.toUnsignedLong(length), error, message);
        }
    }

    /** The reply is complete: succeeds only if it was whole (every byte read, extents given) and error-free. */
    boolean finish() {
        if (failure == null) {
            failure = incompleteness();
        }
        return complete(failure);
    }

    boolean fail(IOException cause) {
        return complete(cause);
    }

    private boolean complete(IOException result) {
        if (!completed.compareAndSet(false, true)) {
            return false;
        }
        failure = result;
        done.countDown();
        return true;
    }

    private IOException incompleteness() {
        if (command == NbdProtocol.CMD_READ) {
            filled.sort(Comparator.comparingLong(range -> range[0]));
            long covered = 0;
            for (long[] range : filled) {
                if (range[0] != covered) {
                    return new IOException(describe() + ": reply " + (range[0] < covered ? "overlaps itself" : "leaves a gap")
                            + " at byte " + Math.min(range[0], covered) + " of the request");
                }
                covered = range[1];
            }
            if (covered != Integer.toUnsignedLong(length)) {
                return new IOException(describe() + ": reply ended after " + covered + " bytes");
            }
        } else if (command == NbdProtocol.CMD_BLOCK_STATUS && (extents == null || extents.isEmpty())) {
            return new IOException(describe() + ": reply has no extents for meta context id " + contextId);
        }
        return null;
    }

    /** Waits for the reply; returns the extents of a block status request (null for reads). */
    List<NbdExtent> await() throws IOException {
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(describe() + ": interrupted waiting for the reply");
        }
        if (failure != null) {
            throw failure;
        }
        return extents;
    }
}
