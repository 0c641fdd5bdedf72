package io.pilotlight.cli;

import io.pilotlight.repo.Repository;
import io.pilotlight.repo.check.Verifier;
import io.pilotlight.repo.check.VerifyReport;
import io.pilotlight.store.ObjectStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "verify", description = "Check that every restore point is complete; exit 7 if not.")
final class VerifyCommand implements Callable<Integer> {
    @ParentCommand
    PilotlightCommand top;

    @Option(names = "--read-data", description = "Also read every chunk and check its hash.")
    boolean readData;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        VerifyReport report;
        try (ObjectStore store = top.openExistingStore(); ConsoleProgress progress = top.progress()) {
            report = new Verifier(top.openRepository(store), progress).verify(readData);
        }
        if (json) {
            var node = Json.object(report);
            node.put("ok", report.ok());
            Json.print(node, top.out());
        } else {
            report.faults().forEach(top.out()::println);
            report.retentionFaults().forEach(top.out()::println);
            report.warnings().forEach(warning -> top.err().println("pilotlight: warning: " + warning));
            top.err().flush();
            if (!report.harmed().isEmpty()) {
                top.out().println("cannot be restored: " + String.join(", ", report.harmed()));
            }
            top.out().println(summary(report));
            top.out().flush();
        }
        return report.ok() ? ExitCodes.OK : ExitCodes.FAULTS_FOUND;
    }

    static String summary(VerifyReport report) {
        String checked = report.points() + " points, "
                + (report.groupPoints() > 0 ? report.groupPoints() + " group points, " : "")
                + report.packs() + " packs"
                + (report.orphanPacks() > 0 ? " (and " + report.orphanPacks() + " stored pack(s) no index names: left"
                        + " by an interrupted run, removed by prune)" : "")
                + (report.chunksChecked() > 0
                        ? ", " + report.chunksChecked() + " chunks (" + ByteSize.format(report.bytesChecked()) + ") read"
                        : "");
        String unretained = report.retentionFaults().isEmpty() ? "" : ", " + report.retentionFaults().size()
                + " object(s) without the Object Lock retention their points need";
        return report.ok()
                ? "no faults: " + checked
                : report.faults().size() + " fault(s)" + unretained + " in " + checked;
    }
}
