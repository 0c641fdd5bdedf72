package io.pilotlight.replicate;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.repo.PointInfo;
import io.pilotlight.repo.Repository;
import io.pilotlight.source.file.FileSource;
import io.pilotlight.store.DirectoryObjectStore;
import java.nio.file.Path;

/**
 * A child JVM for tests that kill or limit the replicating process: takes one restore point of
 * {@code DISK} from the image file into the repository directory and prints
 * {@code <point id> <newBytes> <storedBytes>} on stdout. Usage: {@code REPO DISK IMAGE}.
 */
public final class ReplicateChild {
    private ReplicateChild() {}

    public static void main(String[] args) throws Exception {
        Repository repository = Repository.open(new DirectoryObjectStore(Path.of(args[0])));
        PointInfo point;
        try (FileSource source = FileSource.open(Path.of(args[2]))) {
            point = new Replicator(repository, ReplicateOptions.defaults(), ProgressListener.NONE)
                    .replicate(args[1], source);
        }
        System.out.println(point.id() + " " + point.newBytes() + " " + point.storedBytes());
    }
}
