package io.pilotlight.source;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * A source that, when closed, also closes what serves it (a qemu-nbd, a vSphere session): for contract
 * tests whose disk needs more than the source itself for one run.
 */
public final class ClosingSource implements ChangedBlockSource {
    private final ChangedBlockSource source;
    private final AutoCloseable server;

    public ClosingSource(ChangedBlockSource source, AutoCloseable server) {
        this.source = requireNonNull(source, "source is null");
        this.server = requireNonNull(server, "server is null");
    }

    @Override
    public String uri() {
        return source.uri();
    }

    @Override
    public long size() throws IOException {
        return source.size();
    }

    @Override
    public ChangeSet changes(Optional<String> sinceToken) throws IOException {
        return source.changes(sinceToken);
    }

    @Override
    public void read(long offset, ByteBuffer target) throws IOException {
        source.read(offset, target);
    }

    /** Closes the source, then what serves it. */
    @Override
    public void close() throws IOException {
        try {
            source.close();
        } finally {
            closeServer();
        }
    }

    private void closeServer() throws IOException {
        try {
            server.close();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("closing " + server + " after source " + source.uri() + ": " + e.getMessage(), e);
        }
    }
}
