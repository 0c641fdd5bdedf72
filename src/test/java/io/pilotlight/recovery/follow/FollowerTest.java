package io.pilotlight.recovery.follow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.recovery.export.Exporter;
import io.pilotlight.recovery.export.ImageFormat;
import io.pilotlight.recovery.image.FollowLock;
import io.pilotlight.recovery.image.TargetExistsException;
import io.pilotlight.recovery.image.TargetFile;
import io.pilotlight.recovery.image.TargetInUseException;
import io.pilotlight.recovery.restore.Restorer;
import io.pilotlight.replicate.ReplicateOptions;
import io.pilotlight.replicate.Replicator;
import io.pilotlight.repo.CorruptObjectException;
import io.pilotlight.repo.Hash;
import io.pilotlight.repo.Manifest;
import io.pilotlight.repo.PointInfo;
import io.pilotlight.repo.Repository;
import io.pilotlight.source.file.FileSource;
import io.pilotlight.sparse.SparseFile;
import io.pilotlight.sparse.SparseFiles;
import io.pilotlight.store.DirectoryObjectStore;
import io.pilotlight.testing.SampleRepository;
import io.pilotlight.testing.Slow;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Follow across five points of one disk: data changed, grains zeroed, the disk grown, shrunk to a
 * size that ends inside a grain, and changed again. After each apply the image equals a restore.
 */
@Slow
class FollowerTest {
    private static final int GRAIN = 65536;

    @TempDir
    Path dir;

    private Repository repository;
    private Path source;
    private Path image;
    private final List<PointInfo> points = new ArrayList<>();
    private final Random random = new Random(11);

    @BeforeEach
    void setUp() throws IOException {
        repository = Repository.init(new DirectoryObjectStore(dir.resolve("repo")), GRAIN);
        source = dir.resolve("source.img");
        image = Files.createDirectory(dir.resolve("out")).resolve("pilot.img");
        try (RandomAccessFile file = new RandomAccessFile(source.toFile(), "rw")) {
            file.setLength(8L << 20);
            write(file, 0, 1 << 20);
            write(file, 3L << 20, 300_000);
        }
        replicate();
        try (RandomAccessFile file = new RandomAccessFile(source.toFile(), "rw")) {
            write(file, 100_000, 3 * GRAIN);
            file.seek(3L << 20);
            file.write(new byte[2 * GRAIN]); // two grains become zero
        }
        replicate();
        try (RandomAccessFile file = new RandomAccessFile(source.toFile(), "rw")) {
            file.setLength(12L << 20);
            write(file, 10L << 20, 200_000);
        }
        replicate();
        try (RandomAccessFile file = new RandomAccessFile(source.toFile(), "rw")) {
            file.setLength((6L << 20) + 12345);
            write(file, 6L << 20, 12345);
        }
        replicate();
        try (RandomAccessFile file = new RandomAccessFile(source.toFile(), "rw")) {
            write(file, 2L << 20, 5 * GRAIN);
            file.seek(0);
            file.write(new byte[GRAIN]);
        }
        replicate();
    }

    private void write(RandomAccessFile file, long offset, int length) throws IOException {
        byte[] data = new byte[length];
        random.nextBytes(data);
        file.seek(offset);
        file.write(data);
    }

    private void replicate() throws IOException {
        try (FileSource from = FileSource.open(source)) {
            points.add(new Replicator(repository, new ReplicateOptions(2, 1), ProgressListener.NONE)
                    .replicate("d1", from));
        }
    }

    private FollowResult follow(Optional<String> point) throws IOException {
        return new Follower(Repository.open(new DirectoryObjectStore(dir.resolve("repo"))), ProgressListener.NONE)
                .follow("d1", image, point, true);
    }

    private void assertHolds(PointInfo point) throws IOException {
        Path reference = dir.resolve("reference-" + point.id() + ".img");
        if (!Files.exists(reference)) {
            new Restorer(repository, ProgressListener.NONE).restore("d1", point.id(), reference, false);
        }
        assertThat(Files.mismatch(image, reference)).as("image vs restore of %s", point.id()).isEqualTo(-1);
        FollowState state = FollowState.read(image).orElseThrow();
        assertThat(state.point()).isEqualTo(point.id());
        assertThat(state.applying()).isNull();
        assertThat(state.digest()).isEqualTo(point.digest());
        assertThat(state.diskSize()).isEqualTo(point.diskSize());
        assertThat(state.repository()).isEqualTo(repository.config().id());
    }

    @Test
    void followsEveryPointWritingOnlyTheDifference() throws Exception {
        FollowResult first = follow(Optional.of(points.get(0).id()));
        assertThat(first.fullRestore()).isTrue();
        assertHolds(points.get(0));

        FollowResult second = follow(Optional.of(points.get(1).id()));
        assertThat(second.fullRestore()).isFalse();
        assertThat(second.fromPoint()).isEqualTo(points.get(0).id());
        assertThat(second.zeroGrains()).isEqualTo(2);
        assertThat(second.grainsWritten()).isBetween(5L, 6L); // 3 grains span 4 or fewer, plus 2 zeroed
        assertHolds(points.get(1));
        try (FileChannel channel = FileChannel.open(image, StandardOpenOption.READ);
                SparseFile holes = SparseFiles.open(image, channel, false)) {
            assertThat(holes.nextData(3L << 20)).as("the two zeroed grains are a hole")
                    .isGreaterThanOrEqualTo((3L << 20) + 2 * GRAIN);
        }

        follow(Optional.of(points.get(2).id()));
        assertThat(Files.size(image)).isEqualTo(12L << 20);
        assertHolds(points.get(2));

        follow(Optional.of(points.get(3).id()));
        assertThat(Files.size(image)).isEqualTo((6L << 20) + 12345);
        assertHolds(points.get(3));

        FollowResult last = follow(Optional.empty());
        assertThat(last.point()).isEqualTo(points.get(4).id());
        assertThat(last.dataBytes()).isEqualTo(5L * GRAIN);
        assertThat(last.zeroGrains()).isEqualTo(1);
        assertHolds(points.get(4));

        FollowResult again = follow(Optional.empty());
        assertThat(again.upToDate()).isTrue();
        assertHolds(points.get(4));
    }

    @Test
    void skipsStraightToTheNewestPoint() throws Exception {
        follow(Optional.of(points.get(0).id()));
        FollowResult result = follow(Optional.empty());
        assertThat(result.fromPoint()).isEqualTo(points.get(0).id());
        assertHolds(points.get(4));
    }

    @Test
    void anInterruptedApplyIsRedone() throws Exception {
        follow(Optional.of(points.get(0).id()));
        Repository reopened = Repository.open(new DirectoryObjectStore(dir.resolve("repo")));
        long[] count = {0};
        Follower failing = new Follower(reopened, ProgressListener.NONE, grain -> {
            if (++count[0] > 3) {
                throw new IOException("simulated crash after 3 grains");
            }
        });
        assertThatThrownBy(() -> failing.follow("d1", image, Optional.of(points.get(2).id()), true))
                .hasMessage("simulated crash after 3 grains");
        FollowState interrupted = FollowState.read(image).orElseThrow();
        assertThat(interrupted.point()).isEqualTo(points.get(0).id());
        assertThat(interrupted.applying()).isEqualTo(points.get(2).id());

        FollowResult result = follow(Optional.of(points.get(2).id()));
        assertThat(result.fromPoint()).isEqualTo(points.get(0).id());
        assertHolds(points.get(2));
    }

    @Test
    void anInterruptedApplyIsFinishedBeforeMovingOn() throws Exception {
        follow(Optional.of(points.get(1).id()));
        Repository reopened = Repository.open(new DirectoryObjectStore(dir.resolve("repo")));
        Follower failing = new Follower(reopened, ProgressListener.NONE, grain -> {
            if (grain > 100) {
                throw new IOException("simulated crash");
            }
        });
        assertThatThrownBy(() -> failing.follow("d1", image, Optional.of(points.get(2).id()), true))
                .hasMessage("simulated crash");
        follow(Optional.empty());
        assertHolds(points.get(4));
    }

    @Test
    void anInterruptedFirstRestoreIsRedone() throws Exception {
        new FollowState(FollowState.FORMAT, repository.config().id(), "d1", null, null, 0, points.get(3).id(), null, null)
                .write(image);
        Files.write(image, new byte[] {1, 2, 3});
        follow(Optional.of(points.get(3).id()));
        assertHolds(points.get(3));
    }

    /**
     * With the whole digest to be checked after an apply, grains are not hashed while written; a
     * corrupt chunk is then caught by the digest, which names the first wrong grain, and the state
     * still says the apply is under way.
     */
    @Test
    void aCorruptChunkFailsTheDigestCheckAndNamesTheFirstWrongGrain() throws Exception {
        follow(Optional.of(points.get(0).id()));
        Manifest second = repository.manifest("d1", points.get(1).id());
        Hash chunk = repository.readSegment(second, 0).chunk(1); // the data written at 100_000
        String pack = repository.packKeyOf(chunk).orElseThrow();
        SampleRepository.flipByte(dir.resolve("repo").resolve(pack), 1000); // inside the run's first chunk

        assertThatThrownBy(() -> follow(Optional.of(points.get(1).id()))) // --verify always
                .isInstanceOf(CorruptObjectException.class)
                .hasMessageContaining("the point records " + points.get(1).digest())
                .hasMessageContaining("the first grain that differs is at offset 0x10000")
                .hasMessageContaining("verify --read-data");
        FollowState state = FollowState.read(image).orElseThrow();
        assertThat(state.point()).isEqualTo(points.get(0).id());
        assertThat(state.applying()).isEqualTo(points.get(1).id());

        // without the digest check to come, the grain is caught before it is written, and named
        Follower unverified = new Follower(Repository.open(new DirectoryObjectStore(dir.resolve("repo"))),
                ProgressListener.NONE);
        assertThatThrownBy(() -> unverified.follow("d1", image, Optional.of(points.get(1).id()),
                Optional.of(Verification.OFF), false))
                .isInstanceOf(CorruptObjectException.class)
                .hasMessageContaining("offset 0x10000: grain from chunk " + chunk.shortHex() + " in pack " + pack)
                .hasMessageContaining("checksum mismatch");
    }

    /**
     * A point that cannot be applied (its only copy of a chunk is damaged) must not hold the image
     * back: the next follow goes straight to a later point, over the mixture the failed apply left,
     * and a second failure in a row is carried in the state too.
     */
    @Test
    void aPointThatCannotBeAppliedDoesNotWedgeTheFollower() throws Exception {
        Path disk = dir.resolve("d2.img");
        List<PointInfo> d2 = new ArrayList<>();
        try (RandomAccessFile file = new RandomAccessFile(disk.toFile(), "rw")) {
            file.setLength(4L << 20);
            write(file, 0, 1 << 20);
        }
        d2.add(replicate("d2", disk));
        for (int round = 0; round < 3; round++) { // the same 3 grains rewritten: each point's chunk is its own
            try (RandomAccessFile file = new RandomAccessFile(disk.toFile(), "rw")) {
                write(file, 2L << 20, 3 * GRAIN);
            }
            d2.add(replicate("d2", disk));
        }
        Path pilot = dir.resolve("out").resolve("d2.img");
        Follower follower = new Follower(Repository.open(new DirectoryObjectStore(dir.resolve("repo"))),
                ProgressListener.NONE);
        follower.follow("d2", pilot, Optional.of(d2.get(0).id()), false);
        for (int damaged = 1; damaged <= 2; damaged++) {
            Manifest point = repository.manifest("d2", d2.get(damaged).id());
            Hash chunk = repository.readSegment(point, 0).chunk(32); // the grain at 2 MiB
            SampleRepository.flipByte(dir.resolve("repo").resolve(repository.packKeyOf(chunk).orElseThrow()), 1000);
            String id = d2.get(damaged).id();
            assertThatThrownBy(() -> follower.follow("d2", pilot, Optional.of(id), Optional.of(Verification.OFF),
                    false)).isInstanceOf(CorruptObjectException.class).hasMessageContaining("checksum mismatch");
        }
        FollowState failed = FollowState.read(pilot).orElseThrow();
        assertThat(failed.point()).isEqualTo(d2.get(0).id());
        assertThat(failed.applying()).isEqualTo(d2.get(2).id());
        assertThat(failed.mixed()).containsExactly(d2.get(1).id());

        FollowResult result = follower.follow("d2", pilot, Optional.of(d2.get(3).id()), Optional.empty(), false);
        assertThat(result.fromPoint()).isEqualTo(d2.get(0).id());
        assertThat(Files.mismatch(pilot, disk)).isEqualTo(-1);
        FollowState held = FollowState.read(pilot).orElseThrow();
        assertThat(held.point()).isEqualTo(d2.get(3).id());
        assertThat(held.applying()).isNull();
        assertThat(held.mixed()).isEmpty();
    }

    private PointInfo replicate(String name, Path disk) throws IOException {
        try (FileSource from = FileSource.open(disk)) {
            return new Replicator(repository, new ReplicateOptions(2, 1), ProgressListener.NONE).replicate(name, from);
        }
    }

    /** A device (here /dev/null, there on every Linux) is refused before anything is created beside it. */
    @Test
    void aDeviceIsRefusedWithNothingWrittenBesideIt() throws Exception {
        Path device = Path.of("/dev/null");
        assertThatThrownBy(() -> new Follower(repository, ProgressListener.NONE).follow("d1", device, Optional.empty(),
                Optional.empty(), true))
                .isExactlyInstanceOf(TargetExistsException.class)
                .hasMessage("image /dev/null is a device: follow keeps a raw image file (restore writes a point to a"
                        + " block device in place)");
        assertThat(TargetFile.followStateOf(device)).doesNotExist();
        assertThat(Path.of("/dev/null.pilotlight-lock")).doesNotExist();
        Path link = Files.createSymbolicLink(dir.resolve("standby.img"), device);
        assertThatThrownBy(() -> new Follower(repository, ProgressListener.NONE).follow("d1", link, Optional.empty(),
                Optional.empty(), true))
                .isExactlyInstanceOf(TargetExistsException.class).hasMessageContaining("is a device");
        assertThatThrownBy(() -> new Exporter(repository, ProgressListener.NONE, "qemu-img").export("d1", "latest",
                ImageFormat.QCOW2, link, true))
                .isExactlyInstanceOf(TargetExistsException.class).hasMessageContaining("is a device");
        assertThat(Files.isSymbolicLink(link)).isTrue();
    }

    @Test
    void aHeldLockIsAClearError() throws Exception {
        try (FollowLock held = FollowLock.take(image.toAbsolutePath())) {
            assertThatThrownBy(() -> follow(Optional.empty()))
                    .isExactlyInstanceOf(TargetInUseException.class)
                    .hasMessageStartingWith("image " + image.toAbsolutePath() + " is in use by another follower");
        }
        follow(Optional.empty());
        assertHolds(points.get(4));
    }

    /** Damage the file system does not see (bit rot): the stamp in the state stays as it was. */
    private void restampAsIfUnseen() throws IOException {
        FollowState state = FollowState.read(image).orElseThrow();
        new FollowState(state.format(), state.repository(), state.disk(), state.point(), state.digest(),
                state.diskSize(), state.applying(), state.mixed(), FollowState.stampOf(image)).write(image);
    }

    @Test
    void sampledVerificationChecksEveryGrainOfASmallDiskAndCatchesAStrayWrite() throws Exception {
        follow(Optional.of(points.get(0).id()));
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.seek(7L << 20); // a zero grain in every point, untouched by the next apply
            file.write(1);
        }
        restampAsIfUnseen();
        Follower follower = new Follower(repository, ProgressListener.NONE);
        FollowResult unchecked = follower.follow("d1", image, Optional.of(points.get(1).id()),
                Optional.of(Verification.OFF), false);
        assertThat(unchecked.verified()).isFalse();
        assertThat(unchecked.grainsSampled()).isZero();
        assertThatThrownBy(() -> follower.follow("d1", image, Optional.of(points.get(2).id()),
                Optional.of(Verification.SAMPLED), false))
                .isInstanceOf(CorruptObjectException.class)
                .hasMessageContaining("the grain at offset 0x700000 does not hold what point d1/" + points.get(2).id());
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.seek(7L << 20);
            file.write(0);
        }
        FollowResult sampled = follower.follow("d1", image, Optional.of(points.get(2).id()),
                Optional.of(Verification.SAMPLED), false);
        assertThat(sampled.grainsSampled()).isEqualTo((12 << 20) / GRAIN); // every grain of a 12 MiB disk
        assertThat(sampled.verified()).isFalse();
        assertHolds(points.get(2));
    }

    /**
     * A standby someone booted (or wrote in any way) since the follower left it: the next follow
     * sees the changed stamp, compares every grain with its target and rewrites what differs.
     */
    @Test
    void aStandbyWrittenOutsidePilotlightIsRepairedToThePoint() throws Exception {
        follow(Optional.of(points.get(0).id()));
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.seek(5000); // data of every point
            file.write(new byte[] {1, 2, 3});
            file.seek(7L << 20); // zero in every point
            file.write(9);
        }
        List<String> warnings = new ArrayList<>();
        Follower follower = new Follower(repository, new ProgressListener() {
            @Override
            public void warn(String message) {
                warnings.add(message);
            }
        });
        FollowResult repaired = follower.follow("d1", image, Optional.of(points.get(1).id()), Optional.empty(), false);
        assertThat(repaired.imageChanged()).isTrue();
        assertThat(warnings).singleElement().asString().contains("changed since pilotlight left it at point "
                + points.get(0).id()).contains("comparing every grain with point " + points.get(1).id());
        assertHolds(points.get(1));
        // the point's own changes plus the two damaged grains, not the whole disk
        assertThat(repaired.grainsWritten()).isBetween(2L + 5, 2L + 6);

        FollowResult next = follower.follow("d1", image, Optional.of(points.get(2).id()), Optional.empty(), false);
        assertThat(next.imageChanged()).isFalse();
        assertHolds(points.get(2));
        FollowResult same = follower.follow("d1", image, Optional.of(points.get(2).id()), Optional.empty(), false);
        assertThat(same.upToDate()).isTrue();
    }

    /**
     * A forget removed the point the image holds: with no manifest to diff with, the follower
     * compares every grain with the new point and rewrites only those that differ, and says so.
     */
    @Test
    void followsOnAfterTheHeldPointWasForgotten() throws Exception {
        follow(Optional.of(points.get(0).id()));
        repository.forget("d1", List.of(points.get(0).id()));
        List<String> warnings = new ArrayList<>();
        Follower follower = new Follower(repository, new ProgressListener() {
            @Override
            public void warn(String message) {
                warnings.add(message);
            }
        });
        FollowResult result = follower.follow("d1", image, Optional.of(points.get(2).id()), Optional.empty(), false);
        assertHolds(points.get(2));
        assertThat(result.fullRestore()).isFalse();
        assertThat(result.forgottenPoint()).isEqualTo(points.get(0).id());
        assertThat(result.fromPoint()).isEqualTo(points.get(0).id());
        assertThat(result.comparedInFull()).isTrue();
        assertThat(result.imageChanged()).isFalse();
        assertThat(warnings).singleElement().asString().isEqualTo("point d1/" + points.get(0).id() + ", which image "
                + image.toAbsolutePath() + " holds, was forgotten: no manifest is left to diff with, so comparing"
                + " every grain with point " + points.get(2).id() + " and rewriting those that differ");
        // the differences of two applies, not the whole 12 MiB disk (192 grains)
        assertThat(result.grainsWritten()).isBetween(1L, 60L);

        FollowResult next = follower.follow("d1", image, Optional.empty(), Optional.empty(), false);
        assertThat(next.forgottenPoint()).isNull();
        assertThat(next.comparedInFull()).isFalse();
        assertThat(next.fromPoint()).isEqualTo(points.get(2).id());
        assertHolds(points.get(4));
    }

    /** An apply was interrupted, then its point forgotten: the image is compared in full, not restored. */
    @Test
    void followsOnAfterThePointOfAnInterruptedApplyWasForgotten() throws Exception {
        follow(Optional.of(points.get(0).id()));
        Repository reopened = Repository.open(new DirectoryObjectStore(dir.resolve("repo")));
        long[] count = {0};
        Follower failing = new Follower(reopened, ProgressListener.NONE, grain -> {
            if (++count[0] > 3) {
                throw new IOException("simulated crash after 3 grains");
            }
        });
        assertThatThrownBy(() -> failing.follow("d1", image, Optional.of(points.get(2).id()), true))
                .hasMessage("simulated crash after 3 grains");
        repository.forget("d1", List.of(points.get(2).id()));
        List<String> warnings = new ArrayList<>();
        Follower follower = new Follower(repository, new ProgressListener() {
            @Override
            public void warn(String message) {
                warnings.add(message);
            }
        });
        FollowResult result = follower.follow("d1", image, Optional.empty(), Optional.empty(), false);
        assertHolds(points.get(4));
        assertThat(result.fullRestore()).isFalse();
        assertThat(result.fromPoint()).isEqualTo(points.get(0).id());
        assertThat(result.forgottenPoint()).isEqualTo(points.get(2).id());
        assertThat(warnings).singleElement().asString().startsWith("point d1/" + points.get(2).id() + ", which image "
                + image.toAbsolutePath() + " may hold grains of (an apply was interrupted), was forgotten");
    }

    /** A repair cut short leaves a state that names no held point: the next run restores in full. */
    @Test
    void anInterruptedRepairIsFollowedByAFullRestore() throws Exception {
        follow(Optional.of(points.get(0).id()));
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.seek(5000);
            file.write(new byte[] {1, 2, 3});
        }
        Repository reopened = Repository.open(new DirectoryObjectStore(dir.resolve("repo")));
        long[] count = {0};
        Follower failing = new Follower(reopened, ProgressListener.NONE, grain -> {
            if (++count[0] > 1) {
                throw new IOException("simulated crash in a repair");
            }
        });
        assertThatThrownBy(() -> failing.follow("d1", image, Optional.of(points.get(1).id()), false))
                .hasMessage("simulated crash in a repair");
        FollowState interrupted = FollowState.read(image).orElseThrow();
        assertThat(interrupted.point()).isNull();
        assertThat(interrupted.applying()).isEqualTo(points.get(1).id());

        FollowResult result = follow(Optional.of(points.get(1).id()));
        assertThat(result.fullRestore()).isTrue();
        assertHolds(points.get(1));
    }

    /** Followed through a symbolic link, the image it points at is followed (state and lock beside it). */
    @Test
    void aLinkToTheImageFollowsTheImage() throws Exception {
        follow(Optional.of(points.get(0).id()));
        Path link = Files.createSymbolicLink(dir.resolve("standby-link.img"), image.toAbsolutePath());
        FollowResult result = new Follower(repository, ProgressListener.NONE).follow("d1", link,
                Optional.of(points.get(1).id()), Optional.empty(), false);
        assertThat(result.fullRestore()).isFalse();
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertHolds(points.get(1));
        assertThat(TargetFile.followStateOf(link)).doesNotExist();
    }

    /**
     * Seeding: a copy of the disk made beforehand (shipped on a drive, say) is taken over with force
     * and costs only its differences from the point, not a full restore.
     */
    @Test
    void aSeededCopyIsTakenOverWritingOnlyItsDifferences() throws Exception {
        Path seed = dir.resolve("out").resolve("seeded.img");
        new Restorer(repository, ProgressListener.NONE).restore("d1", points.get(3).id(), seed, false);
        Follower follower = new Follower(repository, ProgressListener.NONE);
        assertThatThrownBy(() -> follower.follow("d1", seed, Optional.of(points.get(4).id()), Optional.empty(), false))
                .isExactlyInstanceOf(TargetExistsException.class).hasMessageContaining("--force to take it over");
        FollowResult adopted = follower.follow("d1", seed, Optional.of(points.get(4).id()), Optional.empty(), true);
        assertThat(adopted.imageChanged()).isTrue();
        assertThat(adopted.fullRestore()).isFalse();
        assertThat(adopted.verified()).as("the first point of a follower is checked in full").isTrue();
        assertThat(adopted.grainsWritten()).isBetween(5L, 7L); // the last point's 5 grains and 1 zeroed, not 97
        Path reference = dir.resolve("reference-last.img");
        new Restorer(repository, ProgressListener.NONE).restore("d1", points.get(4).id(), reference, false);
        assertThat(Files.mismatch(seed, reference)).isEqualTo(-1);
        assertThat(FollowState.read(seed).orElseThrow().point()).isEqualTo(points.get(4).id());
    }

    @Test
    void restoreRefusesAnImageAFollowerHolds() throws Exception {
        follow(Optional.of(points.get(0).id()));
        Restorer restorer = new Restorer(repository, ProgressListener.NONE);
        try (FollowLock held = FollowLock.take(image.toAbsolutePath())) {
            assertThatThrownBy(() -> restorer.restore("d1", "latest", image, true))
                    .isExactlyInstanceOf(TargetInUseException.class)
                    .hasMessageContaining("is in use by another follower");
        }
        assertHolds(points.get(0));
    }

    @Test
    void restoreOverAFollowedImageRemovesItsStateSoTheFollowerDoesNotTrustIt() throws Exception {
        follow(Optional.of(points.get(0).id()));
        new Restorer(repository, ProgressListener.NONE).restore("d1", points.get(3).id(), image, true);
        assertThat(TargetFile.followStateOf(image.toAbsolutePath())).doesNotExist();
        assertThatThrownBy(() -> follow(Optional.empty()))
                .isExactlyInstanceOf(TargetExistsException.class)
                .hasMessageContaining("exists but has no follow state");
    }

    @Test
    void refusesAnImageWithoutStateUnlessForced() throws Exception {
        Files.writeString(image, "someone else's disk");
        assertThatThrownBy(() -> follow(Optional.empty()))
                .isExactlyInstanceOf(TargetExistsException.class)
                .hasMessageContaining("exists but has no follow state");
        assertThat(Files.readString(image)).isEqualTo("someone else's disk");
        new Follower(repository, ProgressListener.NONE).follow("d1", image, Optional.empty(), Optional.empty(), true);
        assertHolds(points.get(4));
    }

    @Test
    void refusesAnImageFollowingAnotherRepository() throws Exception {
        follow(Optional.of(points.get(0).id()));
        FollowState.held("other-repo", "d1", "p", points.get(0).digest(), points.get(0).diskSize(), null).write(image);
        assertThatThrownBy(() -> follow(Optional.empty()))
                .isExactlyInstanceOf(TargetExistsException.class)
                .hasMessage("image " + image.toAbsolutePath() + " follows disk d1 of repository other-repo, not disk d1"
                        + " of repository " + repository.config().id() + "; pass --force to take it over");
    }

    @Test
    void refusesAnImageWhoseSizeChangedBehindItsBack() throws Exception {
        follow(Optional.of(points.get(0).id()));
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(1 << 20);
        }
        assertThatThrownBy(() -> follow(Optional.empty()))
                .isExactlyInstanceOf(TargetExistsException.class)
                .hasMessageContaining("has 1048576 bytes; its follow state says point " + points.get(0).id());
    }
}
