package io.pilotlight.recovery.follow;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.repo.Repository;
import io.pilotlight.store.DirectoryObjectStore;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A child JVM for {@link FollowCrashTest}: follows {@code IMAGE} to point {@code POINT} of
 * {@code DISK} once (without the digest check) and prints the point the image then holds. It
 * prints {@code ready} first, once the JVM is up, so a test can time its kill from there.
 * Usage: {@code REPO DISK IMAGE POINT}.
 */
public final class FollowChild {
    private FollowChild() {}

    public static void main(String[] args) throws Exception {
        System.out.println("ready");
        System.out.flush();
        Repository repository = Repository.open(new DirectoryObjectStore(Path.of(args[0])));
        FollowResult result = new Follower(repository, ProgressListener.NONE)
                .follow(args[1], Path.of(args[2]), Optional.of(args[3]), false);
        System.out.println(result.point());
    }
}
