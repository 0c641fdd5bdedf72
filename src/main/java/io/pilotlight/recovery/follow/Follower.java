package io.pilotlight.recovery.follow;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.recovery.image.DeltaWriter;
import io.pilotlight.recovery.image.HeldFollowLocks;
import io.pilotlight.recovery.image.GrainWriter;
import io.pilotlight.recovery.image.RawImage;
import io.pilotlight.recovery.image.TargetExistsException;
import io.pilotlight.recovery.image.TargetFile;
import io.pilotlight.recovery.restore.RestoreResult;
import io.pilotlight.recovery.restore.Restorer;
import io.pilotlight.repo.CorruptObjectException;
import io.pilotlight.repo.Manifest;
import io.pilotlight.repo.Repository;
import io.pilotlight.repo.RepositoryException;
import io.pilotlight.sparse.SparseFile;
import io.pilotlight.sparse.SparseFiles;
import io.pilotlight.sparse.Writeback;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Keeps a local raw image at a restore point ("pilot light"): the first run restores the point in
 * full; later runs write only the grains that differ between the point the image holds and the
 * target point. The state file beside the image ({@link FollowState}) is advanced only after the
 * image data is fsynced; an apply records "applying" first. The next run after an interrupted or
 * failed apply goes straight to its own target, writing every grain where the target differs from
 * any point the image may mix (the held one and those of the interrupted applies), so one point
 * that cannot be applied (a damaged chunk) does not hold the image back from later ones. When the
 * point the image holds was forgotten (docs/design.md §16.1), no manifest is left to diff with: every
 * grain is compared with the target and only those that differ are rewritten ({@link ImageRepair}),
 * with a warning and {@link FollowResult#forgottenPoint()}. The whole run holds
 * {@code <image>.pilotlight-lock} (a watch holds it from round to round: {@link HeldFollowLocks}).
 */
public final class Follower {
    /** Interrupted applies whose points an image may mix before a follow restores it in full instead. */
    static final int MAX_MIXED = 8;

    private final Repository repository;
    private final ProgressListener progress;
    private final GrainWriter.Hook hook;
    private final HeldFollowLocks locks;
    private final Clock clock;

    public Follower(Repository repository, ProgressListener progress) {
        this(repository, progress, HeldFollowLocks.EACH_FOLLOW);
    }

    /** A follower whose image locks {@code locks} holds (a watch keeps them between rounds). */
    public Follower(Repository repository, ProgressListener progress, HeldFollowLocks locks) {
        this(repository, progress, locks, Clock.systemUTC());
    }

    /** As above, telling a point's age ({@link FollowResult#pointAgeMillis()}) by {@code clock}. */
    public Follower(Repository repository, ProgressListener progress, HeldFollowLocks locks, Clock clock) {
        this(repository, progress, GrainWriter.Hook.NONE, locks, clock);
    }

    Follower(Repository repository, ProgressListener progress, GrainWriter.Hook hook) {
        this(repository, progress, hook, HeldFollowLocks.EACH_FOLLOW, Clock.systemUTC());
    }

    private Follower(Repository repository, ProgressListener progress, GrainWriter.Hook hook,
            HeldFollowLocks locks, Clock clock) {
        this.repository = repository;
        this.progress = progress;
        this.hook = hook;
        this.locks = java.util.Objects.requireNonNull(locks, "locks is null");
        this.clock = java.util.Objects.requireNonNull(clock, "clock is null");
    }

    /**
     * Follows without adopting a foreign image; {@code verifyDigest} asks for the digest after every
     * apply, else only after a first, full restore.
     */
    public FollowResult follow(String disk, Path image, Optional<String> pointRef, boolean verifyDigest)
            throws IOException {
        return follow(disk, image, pointRef, verifyDigest ? Optional.of(Verification.ALWAYS) : Optional.empty(),
                false);
    }

    /**
     * Brings {@code image} to point {@code pointRef} (default latest) of {@code disk}, then checks it
     * as {@code verification} says (default: the whole digest after a first, full restore, nothing
     * after an apply). An image without a state file, or whose state names another disk or
     * repository or a different size, is refused unless {@code force}, which takes it over by
     * comparing every grain with the point and rewriting those that differ.
     */
    public FollowResult follow(String disk, Path image, Optional<String> pointRef,
            Optional<Verification> verification, boolean force) throws IOException {
        long started = System.nanoTime();
        Repository.checkDisk(disk);
        Path absolute = TargetFile.resolve(image);
        if (Files.exists(absolute) && !Files.isRegularFile(absolute)) {
            throw new TargetExistsException("image " + absolute + " is " + (TargetFile.isDevice(absolute)
                    ? "a device" : "not a regular file") + ": follow keeps a raw image file (restore writes a point to"
                    + " a block device in place)");
        }
        try (java.io.Closeable lock = locks.hold(absolute)) {
            Manifest target = repository.manifest(disk, pointRef.orElse("latest"));
            Optional<FollowState> state = FollowState.read(absolute);
            if (state.isPresent() && !state.get().isApplying() && !force) {
                checkMatches(state.get(), disk, absolute);
            } else if (state.isEmpty() && Files.exists(absolute) && !force) {
                throw new TargetExistsException("image " + absolute + " exists but has no follow state ("
                        + FollowState.pathFor(absolute).getFileName() + "); pass --force to take it over");
            } else if (state.isPresent() && !force) {
                checkIdentity(state.get(), disk, absolute);
            }
            if (force && Files.exists(absolute)) {
                // take the image over as it is: a pre-seeded copy costs only its differences
                Verification mode = verification.orElse(Verification.ALWAYS);
                Applied adopted = repair(absolute, disk, target, mode);
                return result(absolute, disk, null, target, adopted, mode, started, true, null);
            }
            Optional<Manifest> from = heldPoint(state, force, absolute);
            if (from.isEmpty() && holdsPoint(state, force, absolute)) {
                // the held point was forgotten: no manifest is left to diff with
                return afterForget(absolute, disk, state.get().point(), state.get().point(), "holds", target,
                        verification, started);
            }
            Optional<String> forgottenMix = from.isEmpty() ? Optional.empty() : forgottenMixture(state.get());
            if (forgottenMix.isPresent()) {
                return afterForget(absolute, disk, from.get().id(), forgottenMix.get(),
                        "may hold grains of (an apply was interrupted)", target, verification, started);
            }
            // an interrupted apply (or several) may have left grains of other points in the image
            Optional<List<Manifest>> mixed = from.isEmpty() ? Optional.empty() : mixedPoints(state.get());
            if (from.isEmpty() || mixed.isEmpty()) {
                return fullRestore(disk, absolute, target, verification.orElse(Verification.ALWAYS), started);
            }
            Verification mode = verification.orElse(Verification.OFF);
            Applied applied;
            boolean changed = !state.get().isApplying() && state.get().imageChangedSince(absolute);
            if (changed) {
                progress.warn("image " + absolute + " changed since pilotlight left it at point " + from.get().id()
                        + " (then " + state.get().imageStamp() + ", now " + FollowState.stampOf(absolute) + "):"
                        + " something wrote it, perhaps a VM booted from it; comparing every grain with point "
                        + target.id() + " and rewriting those that differ");
                applied = repair(absolute, disk, target, mode);
            } else if (mixed.get().isEmpty() && from.get().id().equals(target.id())) {
                applied = new Applied(new DeltaWriter.Totals(0, 0, 0, target.segments().size()),
                        check(absolute, target, mode));
            } else {
                applied = apply(absolute, state.get(), from.get(), mixed.get(), target, mode);
            }
            return result(absolute, disk, from.get().id(), target, applied, mode, started, changed, null);
        }
    }

    /**
     * A point an interrupted apply may have left grains of that a forget has removed since, if any
     * (only looked for among a mixture small enough to apply over).
     */
    private Optional<String> forgottenMixture(FollowState state) throws IOException {
        if (state.mixture().size() > MAX_MIXED) {
            return Optional.empty();
        }
        for (String id : state.mixture()) {
            try {
                repository.manifest(state.disk(), id);
            } catch (RepositoryException e) {
                if (e.kind() != RepositoryException.Kind.UNKNOWN_POINT) {
                    throw e;
                }
                return Optional.of(id);
            }
        }
        return Optional.empty();
    }

    /** Whether the state names a point the image holds (or was applying over), gone or not. */
    private static boolean holdsPoint(Optional<FollowState> state, boolean force, Path image) {
        return !force && state.isPresent() && state.get().point() != null && Files.exists(image);
    }

    /**
     * Brings an image whose held point was forgotten to {@code target}: compares every grain with
     * the target and rewrites those that differ ({@link ImageRepair}), warning which point is gone.
     */
    private FollowResult afterForget(Path image, String disk, String fromPoint, String forgotten, String holds,
            Manifest target, Optional<Verification> verification, long started) throws IOException {
        progress.warn("point " + disk + "/" + forgotten + ", which image " + image + " " + holds + ", was forgotten: no"
                + " manifest is left to diff with, so comparing every grain with point " + target.id()
                + " and rewriting those that differ");
        Verification mode = verification.orElse(Verification.OFF);
        Applied repaired = repair(image, disk, target, mode);
        return result(image, disk, fromPoint, target, repaired, mode, started, false, forgotten);
    }

    private FollowResult result(Path image, String disk, String fromPoint, Manifest target, Applied applied,
            Verification mode, long started, boolean imageChanged, String forgottenPoint) {
        DeltaWriter.Totals totals = applied.totals();
        return new FollowResult(image, disk, fromPoint, target.id(), false, totals.grains(), totals.dataBytes(),
                totals.zeroGrains(), totals.segmentsSkipped(), mode == Verification.ALWAYS && applied.checked() > 0,
                mode == Verification.SAMPLED ? applied.checked() : 0, TargetFile.millisSince(started),
                target.created(), ageOf(target), imageChanged, forgottenPoint);
    }

    /**
     * The points besides the held one whose grains interrupted applies may have left in the image;
     * empty when one of them is gone from the repository or there are more than {@link #MAX_MIXED},
     * and the image must be restored in full.
     */
    private Optional<List<Manifest>> mixedPoints(FollowState state) throws IOException {
        List<String> ids = state.mixture();
        if (ids.size() > MAX_MIXED) {
            progress.warn("image of " + state.disk() + " holds grains of " + ids.size() + " interrupted applies: "
                    + "restoring the point in full");
            return Optional.empty();
        }
        List<Manifest> points = new ArrayList<>();
        for (String id : ids) {
            try {
                points.add(repository.manifest(state.disk(), id));
            } catch (RepositoryException e) {
                if (e.kind() != RepositoryException.Kind.UNKNOWN_POINT) {
                    throw e;
                }
                progress.warn("point " + state.disk() + "/" + id + ", which an interrupted apply was writing, is gone:"
                        + " restoring in full");
                return Optional.empty();
            }
        }
        return Optional.of(points);
    }

    /** What an apply wrote, and what its check covered (see {@link #check}). */
    private record Applied(DeltaWriter.Totals totals, int checked) {}

    /** The point the image holds (or was applying over), or empty when it must be fully restored. */
    private Optional<Manifest> heldPoint(Optional<FollowState> state, boolean force, Path image) throws IOException {
        if (!holdsPoint(state, force, image)) {
            return Optional.empty();
        }
        try {
            return Optional.of(repository.manifest(state.get().disk(), state.get().point()));
        } catch (RepositoryException e) {
            if (e.kind() == RepositoryException.Kind.UNKNOWN_POINT) {
                return Optional.empty(); // the held point was forgotten: nothing to diff against
            }
            throw e;
        }
    }

    private void checkIdentity(FollowState state, String disk, Path image) throws IOException {
        String repositoryId = repository.config().id();
        if (!state.repository().equals(repositoryId) || !state.disk().equals(disk)) {
            throw new TargetExistsException("image " + image + " follows disk " + state.disk() + " of repository "
                    + state.repository() + ", not disk " + disk + " of repository " + repositoryId
                    + "; pass --force to take it over");
        }
    }

    private void checkMatches(FollowState state, String disk, Path image) throws IOException {
        checkIdentity(state, disk, image);
        if (Files.exists(image) && Files.size(image) != state.diskSize()) {
            throw new TargetExistsException("image " + image + " has " + Files.size(image) + " bytes; its follow state"
                    + " says point " + state.point() + " of " + state.diskSize() + "; pass --force to take it over");
        }
    }

    private FollowResult fullRestore(String disk, Path image, Manifest target, Verification mode, long started)
            throws IOException {
        String repositoryId = repository.config().id();
        new FollowState(FollowState.FORMAT, repositoryId, disk, null, null, 0, target.id(), List.of(), null)
                .write(image);
        // with the whole digest checked below, the grains need no check of their own while written
        RestoreResult restored;
        try {
            restored = new Restorer(repository, progress).toFile(target, image, System.nanoTime(),
                    mode != Verification.ALWAYS);
        } catch (IOException | RuntimeException e) {
            if (!Files.exists(image)) {
                // nothing was put in place (a first follow that failed, the file system full, say): no state
                Files.deleteIfExists(FollowState.pathFor(image));
            }
            throw e;
        }
        int checked = check(image, target, mode);
        heldState(target, image).write(image);
        long dataGrains = (restored.dataBytes() + target.grainSize() - 1) / target.grainSize();
        return new FollowResult(image, disk, null, target.id(), true, dataGrains, restored.dataBytes(), 0, 0,
                mode == Verification.ALWAYS, mode == Verification.SAMPLED ? checked : 0,
                TargetFile.millisSince(started), target.created(), ageOf(target), false, null);
    }

    /**
     * Brings an image of unknown content (something else wrote it, or it is taken over with force)
     * to {@code target} by comparing every grain ({@link ImageRepair}). Until that is done the state
     * names no held point, so an interrupted repair is followed by a full restore.
     */
    private Applied repair(Path image, String disk, Manifest target, Verification mode) throws IOException {
        new FollowState(FollowState.FORMAT, repository.config().id(), disk, null, null, 0, target.id(), List.of(),
                null).write(image);
        return writeInPlace(image, target, mode,
                (channel, holes, grains) -> ImageRepair.repair(repository, target, channel, holes, grains, progress));
    }

    /** How old {@code point}'s data is now by this follower's clock (0 if the point's clock ran ahead of it). */
    private long ageOf(Manifest point) {
        return Math.max(0, java.time.Duration.between(java.time.Instant.parse(point.created()),
                clock.instant()).toMillis());
    }

    /**
     * Brings the image, holding {@code from} or any mixture of it, {@code mixed} and {@code target},
     * to {@code target}; the state names them all until the apply is proven.
     */
    private Applied apply(Path image, FollowState state, Manifest from, List<Manifest> mixed, Manifest target,
            Verification mode) throws IOException {
        List<String> others = mixed.stream().map(Manifest::id).filter(id -> !id.equals(target.id())).toList();
        state.applying(target.id(), others).write(image);
        List<Manifest> sources = new ArrayList<>(List.of(from));
        sources.addAll(mixed);
        return writeInPlace(image, target, mode, (channel, holes, grains) ->
                new DeltaWriter(repository, sources, target, channel, holes, grains, hook, progress).write());
    }

    /** What brings an image, written in place, to a point: a delta or a repair. */
    private interface InPlaceWrite {
        DeltaWriter.Totals write(FileChannel channel, SparseFile holes, GrainWriter grains) throws IOException;
    }

    /**
     * Writes the image in place through {@code write} (after the caller recorded what is under way),
     * makes it durable, proves it as {@code mode} says, and records {@code target} held.
     */
    private Applied writeInPlace(Path image, Manifest target, Verification mode, InPlaceWrite write)
            throws IOException {
        DeltaWriter.Totals totals;
        try (FileChannel channel = FileChannel.open(image, StandardOpenOption.READ, StandardOpenOption.WRITE);
                SparseFile holes = SparseFiles.open(image, channel, true);
                Writeback writeback = SparseFiles.writeback(image)) {
            // with the whole digest checked below, the grains need no check of their own while written
            try (GrainWriter grains = new GrainWriter(repository, target, channel, writeback,
                    mode != Verification.ALWAYS, hook, ProgressListener.NONE)) {
                totals = write.write(channel, holes, grains);
            }
            channel.force(true);
            if (totals.zeroGrains() > 0 && holes.zerosWrittenBecause().isPresent()) {
                progress.warn(image + ": " + totals.zeroGrains() + " grains that became zero were written as zeros,"
                        + " not punched as holes: " + holes.zerosWrittenBecause().get());
            }
        }
        int checked = check(image, target, mode);
        heldState(target, image).write(image);
        return new Applied(totals, checked);
    }

    /**
     * Proves {@code image} holds {@code point} as {@code mode} asks: the whole digest (returns 1),
     * a sample of grains (returns how many), or nothing (returns 0).
     */
    private int check(Path image, Manifest point, Verification mode) throws IOException {
        switch (mode) {
            case ALWAYS -> {
                String actual = RawImage.digest(image, point.grainSize(), progress).hex();
                if (!actual.equals(point.digest())) {
                    String first = new GrainSample(repository, new Random()).firstDifference(image, point)
                            .map(offset -> "; the first grain that differs is at offset 0x" + Long.toHexString(offset))
                            .orElse("");
                    throw new CorruptObjectException("image " + image + " after applying point " + point.disk() + "/"
                            + point.id() + " has digest " + actual + ", the point records " + point.digest() + first
                            + "; the follow state still says the apply is under way (pilotlight verify --read-data"
                            + " names a damaged pack)");
                }
                return 1;
            }
            case SAMPLED -> {
                return new GrainSample(repository, new Random()).check(image, point);
            }
            default -> {
                return 0;
            }
        }
    }

    private FollowState heldState(Manifest point, Path image) throws IOException {
        return FollowState.held(repository.config().id(), point.disk(), point.id(), point.digest(), point.diskSize(),
                FollowState.stampOf(image));
    }
}
