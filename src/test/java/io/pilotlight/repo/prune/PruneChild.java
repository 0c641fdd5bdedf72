package io.pilotlight.repo.prune;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.repo.Repository;
import io.pilotlight.store.DirectoryObjectStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** A prune in a child JVM with no grace, for {@link PruneCrashTest}: {@code PruneChild <repo dir>}. */
public final class PruneChild {
    private PruneChild() {}

    public static void main(String[] args) throws Exception {
        Repository repository = Repository.open(new DirectoryObjectStore(Path.of(args[0])));
        PruneResult result = new Pruner(repository, PruneOptions.defaults().withShortGrace(Duration.ZERO),
                Clock.systemUTC(), ProgressListener.NONE).run();
        System.out.println(result.packsDeleted() + " " + result.plannedPacks() + " " + result.packsRepacked());
    }
}
