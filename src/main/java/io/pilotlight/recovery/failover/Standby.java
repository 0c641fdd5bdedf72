package io.pilotlight.recovery.failover;

import io.pilotlight.recovery.drill.DrillOptions.Target;
import io.pilotlight.recovery.follow.FollowState;
import io.pilotlight.recovery.follow.GroupFollower;
import io.pilotlight.recovery.image.FollowLock;
import io.pilotlight.recovery.image.TargetFile;
import io.pilotlight.repo.GroupPoint;
import io.pilotlight.repo.Repository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The follower's standby images a failover may start from, each proven to hold a committed point: its
 * follow state names a point, no apply is under way or was interrupted, nothing wrote the image since
 * the follower left it, and no follower holds it now. A group's directory must hold a group point too;
 * its members boot in the group point's order when the repository can be read, else by name.
 */
final class Standby {
    private Standby() {}

    /** One standby image and the point it holds. */
    record Image(String name, String disk, String point, long size, Path path) {}

    static List<Image> check(Target target, Path path, Optional<Repository> repository) throws IOException {
        if (!target.group()) {
            return List.of(image(target.name(), path));
        }
        Path directory = path.toAbsolutePath();
        GroupFollower.State group = GroupFollower.state(directory, target.name()).orElseThrow(() ->
                new StandbyRefusedException("standby " + directory + " holds no follow state of group " + target.name()
                        + ": it is not a follower's standby of that group (run pilotlight follow --group first)"));
        if (group.point() == null || group.applying() != null) {
            throw new StandbyRefusedException("standby " + directory + " of group " + target.name() + " is mid-write: "
                    + "its follow was applying group point " + group.applying() + (group.point() == null
                            ? " as its first" : " over " + group.point()) + " and did not finish; run pilotlight follow"
                    + " --group " + target.name() + " again to bring it to a committed point");
        }
        probeLock(directory.resolve(target.name() + ".pilotlight-group"));
        List<Image> images = new ArrayList<>();
        for (String name : members(directory, group, repository)) {
            images.add(image(name, TargetFile.memberImage(directory, name)));
        }
        return images;
    }

    private static List<String> members(Path directory, GroupFollower.State group, Optional<Repository> repository)
            throws IOException {
        if (repository.isPresent()) {
            GroupPoint point = repository.get().groupPoint(group.group(), group.point());
            return point.disks().stream().map(GroupPoint.Member::name).toList();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".img"))
                    .map(name -> name.substring(0, name.length() - ".img".length())).sorted().toList();
        }
    }

    private static Image image(String name, Path image) throws IOException {
        if (!Files.isRegularFile(image)) {
            throw new java.nio.file.NoSuchFileException(image.toString(), null, "no standby image here");
        }
        FollowState state = FollowState.read(image).orElseThrow(() -> new StandbyRefusedException("standby " + image
                + " has no follow state (" + image.getFileName() + ".pilotlight-follow): it is not a follower's"
                + " standby, so nothing says which point it holds"));
        if (state.point() == null || state.applying() != null) {
            throw new StandbyRefusedException("standby " + image + " of disk " + state.disk() + " is mid-write: its"
                    + " follow was applying point " + state.applying() + (state.point() == null ? " as its first"
                            : " over " + state.point()) + " and did not finish, so it holds no committed point;"
                    + " run pilotlight follow again (or wait for the running one) before failing over");
        }
        if (state.imageChangedSince(image)) {
            throw new StandbyRefusedException("standby " + image + " of disk " + state.disk() + " changed since its"
                    + " follower left it at point " + state.point() + " (something wrote it: a VM booted from it?);"
                    + " run pilotlight follow again to bring it back to a point");
        }
        probeLock(image);
        return new Image(name, state.disk(), state.point(), Files.size(image), image.toAbsolutePath());
    }

    /** Fails (exit 6) while a follower holds the image's lock: it may be writing it now. */
    private static void probeLock(Path image) throws IOException {
        try (FollowLock lock = FollowLock.take(image)) {
            // free: no follower runs now
        }
    }
}
