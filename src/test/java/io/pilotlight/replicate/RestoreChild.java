package io.pilotlight.replicate;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.recovery.restore.RestoreResult;
import io.pilotlight.recovery.restore.Restorer;
import io.pilotlight.repo.Repository;
import io.pilotlight.store.DirectoryObjectStore;
import java.nio.file.Path;

/**
 * A child JVM for tests that limit the restoring process: restores point {@code POINT} of
 * {@code DISK} to {@code FILE} and prints {@code <data bytes> <digest>}. Usage: {@code REPO DISK POINT FILE}.
 */
public final class RestoreChild {
    private RestoreChild() {}

    public static void main(String[] args) throws Exception {
        Repository repository = Repository.open(new DirectoryObjectStore(Path.of(args[0])));
        RestoreResult result = new Restorer(repository, ProgressListener.NONE)
                .restore(args[1], args[2], Path.of(args[3]), false);
        System.out.println(result.dataBytes() + " " + result.digest());
    }
}
