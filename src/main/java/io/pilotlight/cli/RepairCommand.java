package io.pilotlight.cli;

import io.pilotlight.repo.ConfigRepair;
import io.pilotlight.repo.DeleteMarkerRepair;
import io.pilotlight.repo.ObjectLock;
import io.pilotlight.repo.Repository;
import io.pilotlight.repo.repair.IndexRebuild;
import io.pilotlight.repo.repair.PackSalvage;
import io.pilotlight.repo.repair.PointRemoval;
import io.pilotlight.repo.repair.RepairResult;
import io.pilotlight.store.ObjectStore;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code pilotlight repair index|packs|points} (docs/design.md §18, docs/operating.md): the three
 * repairs, each printing one line per action and per problem it left; exit 7 when it left one.
 */
@Command(name = "repair", description = "Repair a damaged repository: rebuild the index, take damaged blobs out of"
        + " use, remove points that cannot be restored.",
        subcommands = {RepairCommand.Index.class, RepairCommand.Packs.class, RepairCommand.Points.class,
                RepairCommand.Config.class, RepairCommand.DeleteMarkers.class})
final class RepairCommand implements Callable<Integer> {
    @ParentCommand
    PilotlightCommand top;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "repair needs what to repair: index, packs, points, config or delete-markers");
    }

    /** One repair of the opened repository. */
    interface RepositoryRepair {
        RepairResult run(Repository repository) throws IOException;
    }

    /** Opens the repository, runs {@code repair} on it and prints its result. */
    int onRepository(String what, RepositoryRepair repair) throws IOException {
        try (ObjectStore store = top.openExistingStore()) {
            return print(what, repair.run(top.openRepository(store)));
        }
    }

    /** Prints a result; exit 7 when it left problems, else 0. */
    int print(String what, RepairResult result) {
        String prefix = result.dryRun() ? "would: " : "";
        result.actions().forEach(action -> top.out().println(prefix + action));
        result.left().forEach(problem -> top.out().println("left: " + problem));
        top.out().println("repair " + what + (result.dryRun() ? " (dry run): " : ": ")
                + (result.clean() ? "nothing to repair" : result.actions().size() + " action(s), "
                        + result.left().size() + " problem(s) left"));
        top.out().flush();
        return result.left().isEmpty() ? ExitCodes.OK : ExitCodes.FAULTS_FOUND;
    }

    @Command(name = "config", description = "Rewrite a damaged or missing config from the points (grain and segment"
            + " sizes) and the old id (--id, or what the damaged object still holds). An encrypted repository needs"
            + " its passphrase and id; a locked one keeps its Object Lock (--lock-days, the damaged object's, or"
            + " learned from the newest point's retention).")
    static final class Config implements Callable<Integer> {
        @ParentCommand
        RepairCommand repair;

        @Option(names = "--id", paramLabel = "UUID", description = "The repository's id, as init printed it (a follow"
                + " state file names it): keeps followers and overlays working.")
        String id;

        @Option(names = "--dry-run", description = "Report what would be written; write nothing.")
        boolean dryRun;

        @Option(names = "--lock-days", paramLabel = "DAYS", description = "The Object Lock days the repository was made"
                + " with (init --lock-days), when neither the damaged config nor the points' retention tells.")
        Integer lockDays;

        @Option(names = "--lock-mode", paramLabel = "MODE", defaultValue = "compliance",
                description = "The Object Lock mode with --lock-days: compliance or governance (default: ${DEFAULT-VALUE}).")
        String lockMode;

        @Override
        public Integer call() throws Exception {
            Optional<ObjectLock> lock = Optional.ofNullable(lockDays)
                    .map(days -> new ObjectLock(lockMode, days));
            try (ObjectStore store = repair.top.openExistingStore()) {
                ConfigRepair.Result result = ConfigRepair.run(store, Optional.ofNullable(id),
                        repair.top.passphrases(), lock, dryRun);
                return repair.print("config", new RepairResult(dryRun, result.actions(), List.of()));
            }
        }
    }

    @Command(name = "delete-markers", description = "In an Object Lock bucket: remove the delete markers that hide"
            + " locked versions of a point's objects (config, packs, manifests, group points), so they show again; name"
            + " those over locked key files (--keys brings them back too)."
            + " Needs s3:ListBucketVersions and s3:DeleteObjectVersion (an administrator's credentials).")
    static final class DeleteMarkers implements Callable<Integer> {
        @ParentCommand
        RepairCommand repair;

        @Option(names = "--dry-run", description = "List the markers that would be removed; remove nothing.")
        boolean dryRun;

        @Option(names = "--keys", description = "Also bring back locked key files hidden by a delete marker (key"
                + " remove and key passwd hide them on purpose; without this they are only named).")
        boolean keys;

        @Override
        public Integer call() throws Exception {
            try (ObjectStore store = repair.top.openExistingStore()) {
                DeleteMarkerRepair.Result result = DeleteMarkerRepair.run(store, Clock.systemUTC(), dryRun, keys);
                return repair.print("delete-markers", new RepairResult(dryRun, result.actions(), List.of()));
            }
        }
    }

    @Command(name = "index", description = "Rebuild the index from the pack headers (a damaged or deleted index file,"
            + " packs no index names). Needs the repository to itself: exit 6 while a replicate or prune runs.")
    static final class Index implements Callable<Integer> {
        @ParentCommand
        RepairCommand repair;

        @Option(names = "--dry-run", description = "Report what would be done; change nothing.")
        boolean dryRun;

        @Override
        public Integer call() throws Exception {
            return repair.onRepository("index",
                    repository -> new IndexRebuild(repository, Clock.systemUTC()).run(dryRun));
        }
    }

    @Command(name = "packs", description = "Read every pack; copy the good blobs of a damaged pack to a new one and take"
            + " the damaged and missing blobs out of use, so the next replicate stores them again from the source."
            + " Needs the repository to itself: exit 6 while a replicate or prune runs.")
    static final class Packs implements Callable<Integer> {
        @ParentCommand
        RepairCommand repair;

        @Option(names = "--dry-run", description = "Report what would be done; change nothing.")
        boolean dryRun;

        @Override
        public Integer call() throws Exception {
            return repair.onRepository("packs",
                    repository -> new PackSalvage(repository, Clock.systemUTC()).run(dryRun));
        }
    }

    @Command(name = "points", description = "Remove every point and group point that cannot be restored (as verify finds"
            + " them); good points are never touched. Replicate first: it stores lost blobs again, which heals older"
            + " points too.")
    static final class Points implements Callable<Integer> {
        @ParentCommand
        RepairCommand repair;

        @Option(names = "--read-data", description = "Also read every blob (as verify --read-data) to find them.")
        boolean readData;

        @Option(names = "--dry-run", description = "Report what would be removed; remove nothing.")
        boolean dryRun;

        @Override
        public Integer call() throws Exception {
            try (ConsoleProgress progress = repair.top.progress()) {
                return repair.onRepository("points", repository -> new PointRemoval(repository, progress)
                        .run(readData, dryRun));
            }
        }
    }
}
