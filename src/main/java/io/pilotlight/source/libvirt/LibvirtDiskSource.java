package io.pilotlight.source.libvirt;

import static java.util.Objects.requireNonNull;

import io.pilotlight.source.ChangeSet;
import io.pilotlight.source.ChangedBlockSource;
import io.pilotlight.source.CheckpointChanges;
import io.pilotlight.source.Extent;
import io.pilotlight.source.ExtentChanges;
import io.pilotlight.source.NbdSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;

/**
 * One disk of a pull-mode backup, read over its NBD export. Its change token is {@code
 * libvirt-checkpoint:pilotlight-<n>}, the checkpoint the backup created. It reports the {@code
 * qemu:dirty-bitmap:backup-<disk>} extents when the backup was incremental for this disk from a
 * checkpoint no newer than the one the last point recorded, and that one still exists; otherwise a
 * full pass (reading only allocated extents) with a warning naming why.
 */
final class LibvirtDiskSource implements ChangedBlockSource {
    static final String TOKEN_PREFIX = "libvirt-checkpoint:";

    private final String uri;
    private final String disk;
    private final NbdSource nbd;
    private final BackupPlan plan;
    private final CheckpointChanges.Step committed;

    LibvirtDiskSource(String uri, String disk, NbdSource nbd, BackupPlan plan, CheckpointChanges.Step committed) {
        this.uri = requireNonNull(uri, "uri is null");
        this.disk = requireNonNull(disk, "disk is null");
        this.nbd = requireNonNull(nbd, "nbd is null");
        this.plan = requireNonNull(plan, "plan is null");
        this.committed = requireNonNull(committed, "committed is null");
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public long size() {
        return nbd.size();
    }

    @Override
    public ChangeSet changes(Optional<String> sinceToken) throws IOException {
        List<Extent> zeros = nbd.zeroExtents();
        Optional<String> next = plan.checkpointed(disk) ? Optional.of(TOKEN_PREFIX + plan.next()) : Optional.empty();
        ChangeSet changes;
        if (sinceToken.isEmpty()) {
            changes = ExtentChanges.full(size(), zeros, next, List.of());
        } else {
            Optional<String> whyFull = whyFull(sinceToken.get());
            changes = whyFull.isEmpty()
                    ? new ExtentChanges(nbd.dirtyExtents(BackupPlan.exportBitmap(disk)), zeros, false, next, List.of())
                    : ExtentChanges.full(size(), zeros, next, List.of(whyFull.get() + "; reading the whole disk"));
        }
        return new CheckpointChanges(uri, changes, committed, () -> {});
    }

    /** Why the dirty bitmap cannot be used against the last point's token; empty if it can. */
    private Optional<String> whyFull(String token) {
        String where = "source " + uri + ": ";
        if (!plan.checkpointed(disk)) {
            return Optional.of(where + "disk " + disk + " cannot carry a checkpoint (" + plan.why(disk) + ")");
        }
        if (!token.startsWith(TOKEN_PREFIX) || Checkpoints.number(token.substring(TOKEN_PREFIX.length())).isEmpty()) {
            return Optional.of(where + "the last point's change token '" + token + "' is not a pilotlight checkpoint");
        }
        String recorded = token.substring(TOKEN_PREFIX.length());
        if (!plan.existing().contains(recorded)) {
            return Optional.of(where + "checkpoint " + recorded + " that the last point recorded is gone from the"
                    + " domain (deleted by hand, or the domain redefined)");
        }
        Optional<String> base = plan.incrementalBase(disk);
        if (base.isEmpty()) {
            return Optional.of(where + "no pilotlight checkpoint tracks disk " + disk + " (" + plan.why(disk) + ")");
        }
        if (Checkpoints.number(base.get()).getAsInt() > Checkpoints.number(recorded).getAsInt()) {
            return Optional.of(where + "the backup is incremental since " + base.get() + ", newer than " + recorded
                    + " that the last point recorded");
        }
        return Optional.empty();
    }

    @Override
    public void read(long offset, ByteBuffer target) throws IOException {
        nbd.read(offset, target);
    }

    @Override
    public void close() throws IOException {
        nbd.close();
    }
}
