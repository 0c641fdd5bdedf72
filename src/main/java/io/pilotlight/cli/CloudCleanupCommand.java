package io.pilotlight.cli;

import io.pilotlight.cloud.aws.AwsConnection;
import io.pilotlight.cloud.aws.DrillCleanup;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

@Command(name = "cleanup", description = "Terminate every instance and deregister every image a drill left (tagged"
        + " pilotlight:drill), e.g. after a drill was killed. Snapshots stay. Prints what it removed.")
final class CloudCleanupCommand implements Callable<Integer> {
    @ParentCommand
    CloudCommand cloud;

    @Mixin
    AwsArguments aws;

    @Override
    public Integer call() throws Exception {
        PilotlightCommand top = cloud.top;
        DrillCleanup.Removed removed;
        try (AwsConnection connection = aws.open(top.environment(), 2)) {
            removed = new DrillCleanup(connection, aws.retrying(connection)).run();
        }
        removed.instances().forEach(id -> top.out().println("terminated " + id));
        removed.images().forEach(id -> top.out().println("deregistered " + id));
        top.out().flush();
        top.note(removed.instances().size() + " drill instance(s) terminated, " + removed.images().size()
                + " image(s) deregistered");
        return ExitCodes.OK;
    }
}
