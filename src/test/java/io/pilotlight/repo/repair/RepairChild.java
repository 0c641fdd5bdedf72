package io.pilotlight.repo.repair;

import io.pilotlight.repo.Repository;
import io.pilotlight.store.DirectoryObjectStore;
import java.nio.file.Path;
import java.time.Clock;

/** {@code repair index} then {@code repair packs} in a child JVM, for {@link RepairCrashTest}: {@code RepairChild <repo dir>}. */
public final class RepairChild {
    private RepairChild() {}

    public static void main(String[] args) throws Exception {
        Repository repository = Repository.open(new DirectoryObjectStore(Path.of(args[0])));
        RepairResult index = new IndexRebuild(repository, Clock.systemUTC()).run(false);
        RepairResult packs = new PackSalvage(Repository.open(new DirectoryObjectStore(Path.of(args[0]))),
                Clock.systemUTC()).run(false);
        System.out.println(index.actions().size() + " " + packs.actions().size());
    }
}
