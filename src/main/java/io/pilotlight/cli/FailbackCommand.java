package io.pilotlight.cli;

import io.pilotlight.failback.Failback;
import io.pilotlight.failback.FailbackResult;
import io.pilotlight.replicate.ReplicateOptions;
import io.pilotlight.repo.Repository;
import io.pilotlight.store.ObjectStore;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "failback", description = "Step one of a failback: protect a stopped failover's disks, as its VM left"
        + " them, as a new point in the repository (only the grains the VM wrote are stored). Step two, on the"
        + " original site: pilotlight follow --disk NAME --to IMAGE --point ID --force (writes only the grains that"
        + " differ). Prints the new point id. Exit 6 while the failover still runs.",
        footer = {"%nExample:",
            "  pilotlight failover --stop --disk web1",
            "  pilotlight failback --from /var/lib/pilotlight/failover/web1",
            "  (original site) pilotlight follow --disk web1 --to /var/lib/images/web1.img --point ID --force"})
final class FailbackCommand implements Callable<Integer> {
    @ParentCommand
    PilotlightCommand top;

    @Option(names = "--from", paramLabel = "STATE_DIR", required = true,
            description = "The failover's state directory (as 'failover' printed it).")
    Path from;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        FailbackResult result;
        try (ObjectStore store = top.openExistingStore();
                ConsoleProgress progress = top.progress()) {
            ReplicateOptions defaults = ReplicateOptions.defaults();
            result = new Failback(top.openRepository(store), new ReplicateOptions(defaults.workers(), top.uploads()),
                    progress).run(from);
            progress.close();
        }
        if (json) {
            Json.print(Json.object(result), top.out());
        } else {
            top.out().println(result.groupPoint().orElse(result.disks().get(0).point().id()));
        }
        top.out().flush();
        for (FailbackResult.Disk disk : result.disks()) {
            top.note("failback " + disk.name() + ": point " + disk.point().id() + " (the failover started from "
                    + disk.fromPoint() + "); the VM wrote " + ByteSize.format(disk.writtenBytes()) + ", stored "
                    + ByteSize.format(disk.point().storedBytes()) + " (" + ByteSize.format(disk.point().readBytes())
                    + " read)");
        }
        top.note("next, on the original site: pilotlight follow " + (result.groupPoint().isPresent() ? "--group "
                + result.name() + " --to DIR" : "--disk " + result.disks().get(0).point().disk() + " --to IMAGE")
                + " --point " + result.groupPoint().orElse(result.disks().get(0).point().id()) + " --force");
        top.note("store: " + top.storeStack().summary());
        return ExitCodes.OK;
    }
}
