package io.pilotlight.source;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A change set whose commit and abort finish or undo a checkpoint a qemu source made. A failed undo is
 * logged, not thrown: the run has already failed, and the next run merges or discards what is left.
 */
public final class CheckpointChanges implements ChangeSet {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointChanges.class);

    private final String uri;
    private final ChangeSet changes;
    private final Step commit;
    private final Step abort;

    public CheckpointChanges(String uri, ChangeSet changes, Step commit, Step abort) {
        this.uri = requireNonNull(uri, "uri is null");
        this.changes = requireNonNull(changes, "changes is null");
        this.commit = requireNonNull(commit, "commit is null");
        this.abort = requireNonNull(abort, "abort is null");
    }

    @Override
    public List<Extent> changed() {
        return changes.changed();
    }

    @Override
    public List<Extent> knownZero() {
        return changes.knownZero();
    }

    @Override
    public boolean fullPass() {
        return changes.fullPass();
    }

    @Override
    public Optional<String> nextToken() {
        return changes.nextToken();
    }

    @Override
    public List<String> warnings() {
        return changes.warnings();
    }

    @Override
    public void commit() throws IOException {
        commit.run();
    }

    @Override
    public void abort() {
        try {
            abort.run();
        } catch (IOException | RuntimeException e) {
            LOG.warn("source {}: could not undo the checkpoint after a failed run; the next run will merge or"
                    + " discard what is left: {}", uri, e.getMessage());
        }
    }

    /** One step of finishing or undoing a checkpoint. */
    public interface Step {
        void run() throws IOException;
    }
}
