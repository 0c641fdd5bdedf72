package io.pilotlight.replicate;

import static java.util.Objects.requireNonNull;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.repo.BlobWriter;
import io.pilotlight.repo.Lease;
import io.pilotlight.repo.Manifest;
import io.pilotlight.repo.PointInfo;
import io.pilotlight.repo.Readable;
import io.pilotlight.repo.RepoConfig;
import io.pilotlight.repo.Repository;
import io.pilotlight.source.ChangeSet;
import io.pilotlight.source.ChangedBlockSource;
import io.pilotlight.source.SourceIdentity;
import java.io.IOException;
import java.time.Clock;
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
    private final Clock clock;

    public Replicator(Repository repository, ReplicateOptions options, ProgressListener progress) {
        this(repository, options, progress, Clock.systemUTC());
    }

    /** As above, the point stamped (its time and id) by {@code clock}: a daemon's, so its freshness is that clock's. */
    public Replicator(Repository repository, ReplicateOptions options, ProgressListener progress, Clock clock) {
        this.repository = repository;
        this.options = options;
        this.progress = progress;
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Reads what changed, stores it, and commits a restore point; returns it. */
    public PointInfo replicate(String disk, ChangedBlockSource source) throws IOException {
        Repository.checkDisk(disk);
        long started = System.nanoTime();
        Instant created = clock.instant();
        try (Lease lease = repository.lease(disk)) {
            Readable<Manifest> newest = repository.latestReadable(disk);
            Optional<Manifest> parent = newest.read().stream().findFirst();
            List<String> parentWarnings = parentWarnings(disk, newest);
            parentWarnings.forEach(progress::warn);
            long size = source.size();
            Optional<String> token = parent.filter(p -> newest.complete()).flatMap(p -> SourceIdentity.parentToken(
                    source, p.source(), p.token(), progress::warn));
            ExecutorService workers = Executors.newFixedThreadPool(options.workers(), r -> {
                Thread thread = new Thread(r, "replicate-worker");
                thread.setDaemon(true);
                return thread;
            });
            try {
                ChangeSet changes = source.changes(token);
                try (BlobWriter writer = repository.newBlobWriter(options.uploads())) {
                    changes.warnings().forEach(progress::warn);
                    Optional<CheckedPoints> checked = checkedPoints();
                    boolean parentChecked = parent.isPresent()
                            && checked.map(c -> c.covers(parent.get(), writer.indexFiles())).orElse(false);
                    ReplicateRun.Totals totals = new ReplicateRun(repository, source, size, parent, parentChecked,
                            writer, workers, options.workers() * 2, progress).run(changes.changed(),
                                    changes.knownZero());
                    progress.phase("store", -1);
                    BlobWriter.Result stored = writer.finish();
                    lease.check();
                    Manifest manifest = manifest(disk, created, parent, newestId(newest, parent), size, source, changes,
                            totals, stored, started, parentWarnings);
                    repository.commit(manifest);
                    checked.ifPresent(c -> c.record(manifest, writer.indexFiles()));
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

    /** This repository's records of checked points in the cache directory, if there is one. */
    private Optional<CheckedPoints> checkedPoints() {
        String id = repository.config().id();
        return options.cache().filter(cache -> id.matches(Repository.CACHE_NAME))
                .map(cache -> new CheckedPoints(cache.resolve(id).resolve("checked")));
    }

    /**
     * Why the parent is not the newest point: manifests newer than it that cannot be read. The run
     * then takes the newest readable point as its parent and reads the whole disk (the change token
     * of an older point may not cover what changed since the damaged one).
     */
    private static List<String> parentWarnings(String disk, Readable<Manifest> newest) {
        List<String> warnings = new ArrayList<>();
        newest.unreadable().forEach((id, why) -> warnings.add("point " + disk + "/" + id + " cannot be read, so this"
                + " run compared with " + newest.read().stream().findFirst().map(m -> "point " + m.id())
                        .orElse("nothing") + " and read the whole disk (pilotlight repair points removes it): " + why));
        return warnings;
    }

    /** The id the new one must sort after: the newest listed, readable or not. */
    private static Optional<String> newestId(Readable<Manifest> newest, Optional<Manifest> parent) {
        return newest.unreadable().keySet().stream().findFirst().or(() -> parent.map(Manifest::id));
    }

    private Manifest manifest(String disk, Instant created, Optional<Manifest> parent, Optional<String> newestId,
            long size, ChangedBlockSource source, ChangeSet changes, ReplicateRun.Totals totals,
            BlobWriter.Result stored, long started, List<String> parentWarnings) {
        RepoConfig config = repository.config();
        long durationMillis = (System.nanoTime() - started) / 1_000_000;
        Manifest.Stats stats = new Manifest.Stats(totals.changedBytes(), totals.newBytes(),
                stored.packBytes() + stored.indexBytes(), totals.readBytes(), durationMillis, totals.newChunks(),
                stored.packs());
        List<String> warnings = new ArrayList<>(parentWarnings);
        warnings.addAll(changes.warnings());
        warnings.addAll(totals.warnings());
        return new Manifest(Manifest.FORMAT, disk, Repository.newPointId(created, newestId), parent.map(Manifest::id).orElse(null),
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
