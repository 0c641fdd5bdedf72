package io.pilotlight.replicate;

import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The read buffers of one run's windows, reused: a worker takes one per window, the window's result
 * holds it (its new chunks stored raw are views of it), and the run gives it back once those chunks are
 * in the blob writer, which copies them. As many buffers as windows in flight plus workers, made once,
 * instead of a new ~1 MiB array per chunk. Thread-safe.
 */
final class WindowBuffers {
    private final ConcurrentLinkedQueue<byte[]> free = new ConcurrentLinkedQueue<>();

    /** A buffer of at least {@code length} bytes, holding whatever it held before. */
    byte[] take(int length) {
        byte[] buffer = free.poll();
        return buffer != null && buffer.length >= length ? buffer : new byte[length];
    }

    /** Gives a buffer back; nothing may still read or write it. */
    void give(byte[] buffer) {
        free.add(buffer);
    }
}
