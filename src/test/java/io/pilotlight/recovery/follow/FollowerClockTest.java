package io.pilotlight.recovery.follow;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.recovery.image.HeldFollowLocks;
import io.pilotlight.replicate.ReplicateOptions;
import io.pilotlight.replicate.Replicator;
import io.pilotlight.repo.Repository;
import io.pilotlight.source.file.FileSource;
import io.pilotlight.store.DirectoryObjectStore;
import io.pilotlight.testing.MutableClock;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A follow tells its point's age by the clock it is given (the daemon's), not the host's. */
class FollowerClockTest {
    @TempDir
    Path dir;

    private Repository replicatedAt(MutableClock clock) throws IOException {
        Repository repository = Repository.init(new DirectoryObjectStore(dir.resolve("repo")), 65536);
        Path disk = dir.resolve("disk.img");
        try (RandomAccessFile file = new RandomAccessFile(disk.toFile(), "rw")) {
            file.setLength(1 << 20);
            file.write(new byte[] {1, 2, 3});
        }
        try (FileSource source = FileSource.open(disk)) {
            new Replicator(repository, new ReplicateOptions(1, 1), ProgressListener.NONE, clock).replicate("d1", source);
        }
        return repository;
    }

    @Test
    void pointAgeIsTakenFromTheInjectedClock() throws IOException {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-02T10:00:00Z"));
        Repository repository = replicatedAt(clock);
        clock.advance(Duration.ofMinutes(90));
        Follower follower = new Follower(repository, ProgressListener.NONE, HeldFollowLocks.EACH_FOLLOW, clock);
        Path image = dir.resolve("pilot.img");

        FollowResult first = follower.follow("d1", image, Optional.empty(), false);
        clock.advance(Duration.ofSeconds(30));
        FollowResult again = follower.follow("d1", image, Optional.empty(), false);

        assertThat(first.pointCreated()).isEqualTo("2026-03-02T10:00:00Z");
        assertThat(first.pointAgeMillis()).isEqualTo(Duration.ofMinutes(90).toMillis());
        assertThat(again.upToDate()).isTrue();
        assertThat(again.pointAgeMillis()).isEqualTo(Duration.ofMinutes(90).plusSeconds(30).toMillis());
    }

    @Test
    void aPointStampedAheadOfTheFollowersClockIsNoOlderThanZero() throws IOException {
        Repository repository = replicatedAt(new MutableClock(Instant.parse("2026-03-02T10:00:00Z")));
        MutableClock behind = new MutableClock(Instant.parse("2026-03-02T09:59:00Z"));

        FollowResult result = new Follower(repository, ProgressListener.NONE, HeldFollowLocks.EACH_FOLLOW, behind)
                .follow("d1", dir.resolve("pilot.img"), Optional.empty(), false);

        assertThat(result.pointAgeMillis()).isZero();
    }
}
