package io.pilotlight.recovery.restore;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.repo.Repository;
import io.pilotlight.store.DirectoryObjectStore;
import java.nio.file.Path;

/** A child JVM for the restore kill test: {@code REPO DISK POINT FILE}, restored with force; prints "ready" first. */
public final class RestoreChild {
    private RestoreChild() {}

    public static void main(String[] args) throws Exception {
        Repository repository = Repository.open(new DirectoryObjectStore(Path.of(args[0])));
        System.out.println("ready");
        System.out.flush();
        new Restorer(repository, ProgressListener.NONE).restore(args[1], args[2], Path.of(args[3]), true);
        System.out.println("done");
    }
}
