package io.pilotlight.repo.prune;

import static java.util.Objects.requireNonNull;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.repo.BlobWriter;
import io.pilotlight.repo.Hash;
import io.pilotlight.repo.Lease;
import io.pilotlight.repo.PackEntry;
import io.pilotlight.repo.PrunePlan;
import io.pilotlight.repo.PrunePlan.PlannedPack;
import io.pilotlight.repo.Repository;
import io.pilotlight.repo.RepositoryPacks;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One prune (docs/design.md §16.3): under {@code locks/_prune}, completes the earlier plans that
 * are ripe (deletes their packs that are still unused, after rewriting the index files that name
 * them), then marks what is unused now in a new plan, repacking mostly-unused packs first. Never
 * waits for a writer: a plan a writer may still depend on simply waits for a later run.
 */
public final class Pruner {
    /** Clock skew between hosts plus the time to store a plan (§16.2 rule 2). */
    static final Duration LEASE_MARGIN = Duration.ofMinutes(5);
    private static final int REPACK_UPLOADS = 2;

    private final Repository repository;
    private final RepositoryPacks packs;
    private final PruneOptions options;
    private final Clock clock;
    private final ProgressListener progress;
    private long requests;

    public Pruner(Repository repository, PruneOptions options, Clock clock, ProgressListener progress) {
        this.repository = requireNonNull(repository, "repository is null");
        this.packs = repository.packs();
        this.options = requireNonNull(options, "options is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.progress = requireNonNull(progress, "progress is null");
    }

    /** Runs one prune; fails with a LOCKED {@code RepositoryException} naming the holder if another runs. */
    public PruneResult run() throws IOException {
        try (Lease lease = packs.pruneLease()) {
            requests++;
            boolean upgraded = !options.dryRun() && repository.upgradeFormat();
            Instant now = clock.instant();
            List<PrunePlan> plans = packs.plans();
            // Leases before the live set: a writer that held one and has since ended committed its point before
            // this look, so the walk below sees it (§16.2 rule 2).
            List<Instant> writers = packs.writerLeases(Instant.now());
            List<PrunePlan> ripe = plans.stream().filter(plan -> ripe(plan, now, writers)).toList();
            progress.phase("reading the points", -1);
            LiveSet live = LiveSet.walk(repository, progress);
            progress.phase("reading the index", -1);
            Map<String, Map<Hash, List<PackEntry>>> files = packs.indexFiles();
            Map<Hash, Long> stored = packs.storedPacks();
            lease.check();
            finishSuperseded(files);
            Completion done = complete(ripe, files, PackUsage.of(stored, files, live.all()), live.all());
            Set<Hash> waiting = new HashSet<>();
            plans.stream().filter(plan -> !ripe.contains(plan)).forEach(plan -> plan.packs()
                    .forEach(pack -> waiting.add(pack.id())));
            Map<Hash, Long> staying = new LinkedHashMap<>(stored);
            staying.keySet().removeAll(done.gone());
            PackUsage usage = PackUsage.of(staying, files, live.all(), waiting);
            Marking marking = Marking.of(usage, done.gone(), waiting, options, repository.config().packTargetBytes(),
                    repository::lockedPacks);
            long repacked = repack(marking, waiting, usage, live);
            lease.check();
            Optional<String> planId = storePlan(now, marking);
            if (!options.dryRun()) {
                repository.removeOrphanDrillRecords(); // of points forgotten by a crashed or older forget (§17)
            }
            return new PruneResult(options.dryRun(), upgraded, ripe.size(), done.deleted().size(), done.freedBytes(),
                    done.kept(), done.superseded(), marking.repacked().size(), repacked, planId, marking.planned().size(),
                    marking.plannedBytes(), plans.size() - ripe.size(), marking.unusedBytesLeft(), requests,
                    done.locked().size(), done.locked().values().stream().min(Instant::compareTo));
        }
    }

    /** §16.2 rules 1 and 2: the plan is older than the grace, and no live writer lease predates it (+5 min). */
    private boolean ripe(PrunePlan plan, Instant now, List<Instant> writerLeases) {
        Instant created = plan.createdAt();
        if (created.plus(options.grace()).isAfter(now)) {
            return false;
        }
        Instant margin = created.plus(LEASE_MARGIN);
        return writerLeases.stream().noneMatch(acquired -> acquired.isBefore(margin));
    }

    /**
     * Deletes the index files another one supersedes (§16.6: a process killed between storing the
     * replacement and deleting them) and drops them from {@code files}: their entries that count are
     * in the replacement.
     */
    private void finishSuperseded(Map<String, Map<Hash, List<PackEntry>>> files) throws IOException {
        Set<String> left = packs.supersededAmong(files.keySet());
        if (!left.isEmpty() && !options.dryRun()) {
            packs.deleteIndexFiles(left);
            requests += batches(left.size());
        }
        files.keySet().removeAll(left);
    }

    /** What completing the ripe plans did. */
    private record Completion(Set<Hash> deleted, Set<Hash> gone, long freedBytes, int kept, int superseded,
            Map<Hash, Instant> locked) {}

    /**
     * §16.3 step 3: deletes the packs of the ripe plans that hold no live blob without a copy
     * elsewhere (rule 3), after storing an index without them and removing the files that named them.
     */
    private Completion complete(List<PrunePlan> ripe, Map<String, Map<Hash, List<PackEntry>>> files,
            PackUsage usage, Set<Hash> live) throws IOException {
        Set<Hash> candidates = new HashSet<>();
        ripe.forEach(plan -> plan.packs().forEach(pack -> candidates.add(pack.id())));
        Set<Hash> outside = usage.liveOutside(candidates, live);
        // Still under Object Lock (§21): not deleted now; dropped with its ripe plan, marked again, deleted later.
        Map<Hash, Instant> locked = repository.lockedPacks(candidates.stream()
                .filter(id -> usage.packs().containsKey(id)).toList());
        candidates.removeAll(locked.keySet());
        Set<Hash> deleted = new HashSet<>();
        Set<Hash> gone = new HashSet<>();
        long freed = 0;
        int kept = 0;
        for (Hash id : candidates) {
            PackUsage.Pack pack = usage.packs().get(id);
            if (pack == null) {
                gone.add(id); // deleted by an earlier, interrupted run
            } else if (pack.blobs().keySet().stream().anyMatch(blob -> live.contains(blob) && !outside.contains(blob))) {
                kept++;
            } else {
                deleted.add(id);
                gone.add(id);
                freed += pack.size();
            }
        }
        int superseded = rewriteIndex(files, gone);
        if (!options.dryRun()) {
            progress.phase("deleting " + deleted.size() + " packs", freed);
            packs.deletePacks(List.copyOf(deleted));
            packs.deletePlans(ripe);
            requests += batches(deleted.size()) + batches(ripe.size());
            progress.advance(freed);
        }
        return new Completion(deleted, gone, freed, kept, superseded, locked);
    }

    /**
     * Stores one index file with every entry of the files naming a pack of {@code gone} that is not
     * gone, and, in a format 6 repository, of every file still under an old hex name (§16.3 step 3),
     * then deletes them.
     */
    private int rewriteIndex(Map<String, Map<Hash, List<PackEntry>>> files, Set<Hash> gone) throws IOException {
        Map<Hash, Map<Hash, PackEntry>> kept = new LinkedHashMap<>();
        List<String> superseded = new ArrayList<>();
        files.forEach((key, file) -> {
            if (file.keySet().stream().anyMatch(gone::contains) || packs.hexNameToRewrite(key)) {
                superseded.add(key);
                file.forEach((pack, entries) -> {
                    if (!gone.contains(pack)) {
                        Map<Hash, PackEntry> blobs = kept.computeIfAbsent(pack, p -> new LinkedHashMap<>());
                        entries.forEach(entry -> blobs.putIfAbsent(entry.id(), entry));
                    }
                });
            }
        });
        if (!options.dryRun() && !superseded.isEmpty()) {
            Map<Hash, List<PackEntry>> index = new LinkedHashMap<>();
            kept.forEach((pack, blobs) -> index.put(pack, List.copyOf(blobs.values())));
            requests += packs.replaceIndexFiles(index, superseded);
        }
        return superseded.size();
    }

    /**
     * §16.3 step 4: copies into new packs, stored and indexed, each live blob of the repacked packs
     * that has no copy in a pack staying: every pack of the new plan and of the plans waiting is
     * leaving, and the writer stores again a blob the index names in one of them. A copy in a pack
     * this plan marks unused (the duplicates an interrupted repack left, §16.6) is no kept copy:
     * taking it for one left the blob in planned packs only, which the next prune keeps (rule 3)
     * and every later one plans again. A blob with a staying copy is not copied again.
     */
    private long repack(Marking marking, Set<Hash> waiting, PackUsage usage, LiveSet live) throws IOException {
        List<PackUsage.Pack> repacked = marking.repacked();
        long bytes = repacked.stream().mapToLong(PackUsage.Pack::liveBytes).sum();
        if (repacked.isEmpty() || options.dryRun()) {
            return bytes;
        }
        progress.phase("repacking " + repacked.size() + " packs", bytes);
        Set<Hash> leaving = new HashSet<>(waiting);
        marking.planned().forEach(pack -> leaving.add(pack.id()));
        Set<Hash> staying = usage.liveOutside(leaving, live.all());
        try (BlobWriter writer = repository.newBlobWriter(REPACK_UPLOADS, leaving)) {
            for (PackUsage.Pack pack : repacked) {
                RepositoryPacks.PackContents contents = packs.readPack(pack.id());
                for (PackEntry entry : contents.entries()) {
                    if (live.contains(entry.id()) && !staying.contains(entry.id())) {
                        writer.add(contents.blob(entry));
                        progress.advance(entry.storedLength());
                    }
                }
            }
            BlobWriter.Result result = writer.finish();
            requests += 2L * result.packs() + 1;
        }
        return bytes;
    }

    /** §16.3 step 5: stores the new plan if it names anything. */
    private Optional<String> storePlan(Instant now, Marking marking) throws IOException {
        if (marking.planned().isEmpty()) {
            return Optional.empty();
        }
        PrunePlan plan = PrunePlan.create(now, marking.planned());
        if (!options.dryRun()) {
            packs.storePlan(plan);
            requests++;
        }
        return Optional.of(plan.id());
    }

    private static long batches(int keys) {
        return (keys + 999) / 1000;
    }

    /** For {@link Marking}: a planned pack. */
    static PlannedPack planned(Hash id, PrunePlan.Reason reason) {
        return new PlannedPack(id.hex(), reason);
    }
}
