package io.pilotlight.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "cloud", description = "Keep an EBS snapshot chain current with a disk's restore points (sync), fail"
        + " over into EC2 from it (failover), remove what a killed drill left (cleanup). See docs/failover.md.",
        subcommands = {CloudSyncCommand.class, CloudFailoverCommand.class, CloudCleanupCommand.class})
final class CloudCommand implements Runnable {
    @ParentCommand
    PilotlightCommand top;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new CommandLine.ParameterException(spec.commandLine(), "no cloud command given (sync, failover,"
                + " cleanup)");
    }
}
