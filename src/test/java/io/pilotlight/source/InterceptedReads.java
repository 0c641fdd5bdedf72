package io.pilotlight.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * A source whose reads are replaced by {@code onRead}, everything else forwarded: tests use it to
 * make a run fail, or block until killed, after {@code changes()} has taken a checkpoint.
 */
public record InterceptedReads(ChangedBlockSource source, Read onRead) implements ChangedBlockSource {
    /** What a read does instead. */
    public interface Read {
        void read(long offset, ByteBuffer target) throws IOException;
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
        onRead.read(offset, target);
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
