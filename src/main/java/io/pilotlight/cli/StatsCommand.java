package io.pilotlight.cli;

import io.pilotlight.repo.Repository;
import io.pilotlight.repo.prune.Stats;
import io.pilotlight.store.ObjectStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "stats", description = "Show what each disk's points hold and what a prune would free.")
final class StatsCommand implements Callable<Integer> {
    private static final String[] HEADER = {"DISK", "POINTS", "SIZE", "UNIQUE", "SHARED"};

    @ParentCommand
    PilotlightCommand top;

    @Option(names = "--disk", paramLabel = "NAME", converter = DiskName.Converter.class,
            description = "Only this disk (the totals stay the repository's).")
    String disk;

    @Option(names = "--json", description = "Print the figures as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Stats.Report report;
        try (ObjectStore store = top.openExistingStore(); ConsoleProgress progress = top.progress()) {
            report = Stats.of(top.openRepository(store), Optional.ofNullable(disk), progress);
        }
        if (json) {
            Json.print(Json.object(report), top.out());
            return ExitCodes.OK;
        }
        if (report.disks().isEmpty()) {
            top.note(disk == null ? "no restore points yet" : "no restore points of disk " + disk);
        } else {
            List<String[]> rows = new ArrayList<>();
            rows.add(HEADER);
            for (Stats.DiskStats row : report.disks()) {
                rows.add(new String[] {row.disk(), Integer.toString(row.points()), ByteSize.format(row.logicalBytes()),
                    ByteSize.format(row.uniqueBytes()), ByteSize.format(row.sharedBytes())});
            }
            TextTable.print(rows, top.out());
        }
        top.out().println(summary(report));
        top.out().flush();
        return ExitCodes.OK;
    }

    static String summary(Stats.Report report) {
        return "repository: " + report.packs() + " packs, " + ByteSize.format(report.storedBytes()) + " stored, "
                + ByteSize.format(report.liveBytes()) + " used, " + ByteSize.format(report.unusedBytes())
                + " unused (" + ByteSize.format(report.plannedBytes()) + " in " + report.plans()
                + " prune plans)";
    }
}
