package io.pilotlight.replicate;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.repo.BlobWriter;
import io.pilotlight.repo.Lease;
import io.pilotlight.repo.Manifest;
import io.pilotlight.repo.PointInfo;
import io.pilotlight.repo.RepoConfig;
import io.pilotlight.repo.Repository;
import io.pilotlight.source.ChangeSet;
import io.pilotlight.source.ChangedBlockSource;
import io.pilotlight.source.SourceIdentity;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one restore point of one disk: lease, changes from the source, {@link ReplicateRun}, all
 * blobs durable and indexed, then the manifest (docs/design.md, "Write order"). A run that fails or
 * is killed leaves no restore point; what it stored is reused by the next run.
 */
public final class Replicator {
    private static final Logger LOG = LoggerFactory.getLogger(Replicator.class);

    private final Repository repository;
    private final ReplicateOptions options;
    private final ProgressListener progress;

    public Replicator(Repository repository, ReplicateOptions options, ProgressListener progress) {
        this.repository = repository;
        this.options = options;
        this.progress = progress;
    }

    /** Reads what changed, stores it, and commits a restore point; returns it. */
    public PointInfo replicate(String disk, ChangedBlockSource source) throws IOException {
        Repository.checkDisk(disk);
        long started = System.nanoTime();
        Instant created = Instant.now();
        try (Lease lease = repository.lease(disk)) {
            Optional<Manifest> parent = repository.latest(disk);
            long size = source.size();
            Optional<String> token = parent.flatMap(p -> SourceIdentity.parentToken(source, p.source(), p.token(),
                    progress::warn));
            ExecutorService workers = Executors.newFixedThreadPool(options.workers(), r -> {
                Thread thread = new Thread(r, "replicate-worker");
                thread.setDaemon(true);
                return thread;
            });
            try {
                ChangeSet changes = source.changes(token);
                try (BlobWriter writer = repository.newBlobWriter(options.uploads())) {
                    changes.warnings().forEach(progress::warn);
                    ReplicateRun.Totals totals = new ReplicateRun(repository, source, size, parent, writer, workers,
                            options.workers() * 2, progress).run(changes.changed(), changes.knownZero());
                    progress.phase("store", -1);
                    BlobWriter.Result stored = writer.finish();
                    lease.check();
                    Manifest manifest = manifest(disk, created, parent, size, source, changes, totals, stored, started);
                    repository.commit(manifest);
                    commitSource(changes, manifest);
                    return manifest.info();
                } catch (IOException | RuntimeException | Error e) {
                    changes.abort();
                    throw e;
                }
            } finally {
                workers.shutdownNow();
            }
        }
    }

    private Manifest manifest(String disk, Instant created, Optional<Manifest> parent, long size,
            ChangedBlockSource source, ChangeSet changes, ReplicateRun.Totals totals, BlobWriter.Result stored,
            long started) {
        RepoConfig config = repository.config();
        long durationMillis = (System.nanoTime() - started) / 1_000_000;
        Manifest.Stats stats = new Manifest.Stats(totals.changedBytes(), totals.newBytes(),
                stored.packBytes() + stored.indexBytes(), totals.readBytes(), durationMillis, totals.newChunks(),
                stored.packs());
        List<String> warnings = new ArrayList<>(changes.warnings());
        return new Manifest(Manifest.FORMAT, disk, Repository.newPointId(created, parent.map(Manifest::id)), parent.map(Manifest::id).orElse(null),
                created.toString(), size, config.grainSize(), config.segmentGrains(), totals.segments(),
                totals.digest().hex(), source.uri(), changes.nextToken().orElse(null), changes.fullPass(), stats,
                warnings);
    }

    private void commitSource(ChangeSet changes, Manifest manifest) {
        try {
            changes.commit();
        } catch (IOException e) {
            // The point is committed and correct; the source will report more than needed next time.
            String message = "restore point " + manifest.id() + " is committed, but the source could not finish its"
                    + " checkpoint: " + e.getMessage();
            LOG.warn(message);
            progress.warn(message);
        }
    }
}
