package io.pilotlight.recovery.follow;

import static java.util.Objects.requireNonNull;

import io.pilotlight.repo.GroupPoint;
import io.pilotlight.repo.Manifest;
import io.pilotlight.repo.Repository;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a {@link FollowWatcher} keeps up to date: a disk on an image, or a group on a directory of
 * images, with the result type {@code R} of one follow.
 */
public interface Followed<R> {
    /** The newest point's id (for a group, the newest group point's), if any. */
    Optional<String> latest() throws IOException;

    /**
     * Brings the image(s) to {@code point} (empty: the newest); {@code first} is true until a follow
     * succeeded, and only then may an image be taken over when the watch was asked to force.
     */
    R follow(Optional<String> point, boolean first) throws IOException;

    /** The point (or group point) id the image(s) hold after {@code result}. */
    String held(R result);

    /** Disk {@code disk} on {@code image}. */
    static Followed<FollowResult> disk(Repository repository, Follower follower, String disk, Path image,
            Optional<Verification> verification, boolean force) {
        requireNonNull(follower, "follower is null");
        return new Followed<>() {
            @Override
            public Optional<String> latest() throws IOException {
                return repository.latest(disk).map(Manifest::id);
            }

            @Override
            public FollowResult follow(Optional<String> point, boolean first) throws IOException {
                return follower.follow(disk, image, point, verification, force && first);
            }

            @Override
            public String held(FollowResult result) {
                return result.point();
            }
        };
    }

    /** Every disk of group {@code group}, one image per disk in {@code directory}. */
    static Followed<GroupFollower.Result> group(Repository repository, GroupFollower follower, String group,
            Path directory, Optional<Verification> verification, boolean force) {
        requireNonNull(follower, "follower is null");
        return new Followed<>() {
            @Override
            public Optional<String> latest() throws IOException {
                return repository.latestGroup(group).map(GroupPoint::id);
            }

            @Override
            public GroupFollower.Result follow(Optional<String> point, boolean first) throws IOException {
                return follower.follow(group, directory, point, verification, force && first);
            }

            @Override
            public String held(GroupFollower.Result result) {
                return result.point();
            }
        };
    }
}
