package io.pilotlight.recovery.follow;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pilotlight.progress.ProgressListener;
import io.pilotlight.recovery.image.HeldFollowLocks;
import io.pilotlight.recovery.image.TargetExistsException;
import io.pilotlight.recovery.image.TargetFile;
import io.pilotlight.repo.CorruptObjectException;
import io.pilotlight.repo.GroupPoint;
import io.pilotlight.repo.Repository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Keeps one image per disk of a group, in one directory ({@code <dir>/<name>.img}), at the same
 * group point. Each image is followed as by {@link Follower}; the group state file
 * {@code <dir>/<group>.pilotlight-group} says which group point all of them hold, and records
 * "applying" before the first image changes, so a run killed between two disks is redone: the
 * directory holds one group point for all its disks whenever the state names no apply.
 */
public final class GroupFollower {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Repository repository;
    private final Follower follower;
    private final HeldFollowLocks locks;

    public GroupFollower(Repository repository, ProgressListener progress) {
        this(repository, progress, HeldFollowLocks.EACH_FOLLOW);
    }

    /** A group follower whose locks {@code locks} holds (a watch keeps them between rounds). */
    public GroupFollower(Repository repository, ProgressListener progress, HeldFollowLocks locks) {
        this(repository, progress, locks, Clock.systemUTC());
    }

    /** As above, telling each disk's point age by {@code clock} (see {@link Follower}). */
    public GroupFollower(Repository repository, ProgressListener progress, HeldFollowLocks locks, Clock clock) {
        this.repository = repository;
        this.locks = locks;
        this.follower = new Follower(repository, progress, locks, clock);
    }

    /** What the group state file holds; {@code point} is null until a first group point was held. */
    public record State(int format, String repository, String group, String point, String applying) {
        static final int FORMAT = 1;

        public State {
            requireNonNull(repository, "repository is null");
            requireNonNull(group, "group is null");
        }
    }

    /** One run: the group point held before (null at first), the one held now, and each disk's follow. */
    public record Result(String group, String fromPoint, String point, List<FollowResult> disks) {
        public Result {
            disks = List.copyOf(disks);
        }
    }

    /**
     * Brings every member image in {@code directory} to group point {@code ref} (default latest),
     * each checked as {@code verification} says (see {@link Follower#follow}).
     */
    public Result follow(String group, Path directory, Optional<String> ref, Optional<Verification> verification,
            boolean force)
            throws IOException {
        Path dir = directory.toAbsolutePath();
        Files.createDirectories(dir);
        Path statePath = dir.resolve(Repository.checkGroup(group) + ".pilotlight-group");
        try (java.io.Closeable lock = locks.hold(statePath)) {
            GroupPoint target = repository.groupPoint(group, ref.orElse("latest"));
            Optional<State> state = read(statePath);
            String repositoryId = repository.config().id();
            if (state.isPresent() && !force && !state.get().repository().equals(repositoryId)) {
                throw new TargetExistsException("directory " + dir + " follows group " + group + " of repository "
                        + state.get().repository() + ", not of repository " + repositoryId
                        + "; pass --force to replace its images");
            }
            String held = state.map(State::point).orElse(null);
            write(statePath, new State(State.FORMAT, repositoryId, group, held, target.id()));
            List<FollowResult> results = new ArrayList<>();
            for (GroupPoint.Member member : target.disks()) {
                repository.member(target, member);
                results.add(follower.follow(member.disk(), TargetFile.memberImage(dir, member.name()), Optional.of(member.point()),
                        verification, force));
            }
            write(statePath, new State(State.FORMAT, repositoryId, group, target.id(), null));
            return new Result(group, held, target.id(), results);
        }
    }

    /** The group state in {@code directory}, if any. */
    public static Optional<State> state(Path directory, String group) throws IOException {
        return read(directory.toAbsolutePath().resolve(Repository.checkGroup(group) + ".pilotlight-group"));
    }

    private static Optional<State> read(Path path) throws IOException {
        if (!Files.exists(path)) {
            return Optional.empty();
        }
        try {
            State state = JSON.readValue(Files.readAllBytes(path), State.class);
            if (state.format() != State.FORMAT) {
                throw new CorruptObjectException(path + ": group follow state format " + state.format()
                        + " is not supported (this version reads " + State.FORMAT + ")");
            }
            return Optional.of(state);
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            throw new CorruptObjectException(path + ": not a group follow state file: " + e.getMessage());
        }
    }

    private static void write(Path path, State state) throws IOException {
        TargetFile.replace(path,
                java.nio.ByteBuffer.wrap(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(state)));
    }
}
