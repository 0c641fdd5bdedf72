package io.pilotlight.cli;

import io.pilotlight.cloud.aws.AwsConnection;
import io.pilotlight.cloud.aws.Failover;
import io.pilotlight.cloud.aws.FailoverOptions;
import io.pilotlight.cloud.aws.LaunchTemplate;
import io.pilotlight.cloud.aws.PortCheck;
import io.pilotlight.cloud.aws.FailoverOptions.BootMode;
import io.pilotlight.cloud.aws.FailoverResult;
import io.pilotlight.cloud.aws.SnapshotSync;
import io.pilotlight.cloud.aws.SyncOptions;
import io.pilotlight.repo.Repository;
import io.pilotlight.store.ObjectStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "failover", description = "Fail a disk over into EC2: sync its point if needed, register an image"
        + " from the snapshot (hvm, ENA, IMDSv2), run an instance, wait until it runs and its serial console shows the"
        + " heartbeat; print the RTO by phase. --drill terminates the instance and deregisters the image afterwards.")
final class CloudFailoverCommand implements Callable<Integer> {
    @ParentCommand
    CloudCommand cloud;

    @Mixin
    AwsArguments aws;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    static final class Which {
        @Option(names = "--disk", paramLabel = "NAME", converter = DiskName.Converter.class,
                description = "The disk to fail over (its guest must boot on EC2: NVMe and ENA drivers; see"
                        + " docs/failover.md).")
        String disk;

        @Option(names = "--group", paramLabel = "NAME", converter = DiskName.Converter.class,
                description = "The group to fail over as one instance: the group point's first disk is the root"
                        + " device, the others data disks (/dev/sdb, ...).")
        String group;
    }

    @Option(names = "--point", paramLabel = "ID", defaultValue = "latest", description = "Point id (of the disk, or"
            + " of the group), unique prefix or 'latest' (default).")
    String point;

    @Option(names = "--instance-type", paramLabel = "TYPE", description = "Instance type (default: the launch"
            + " template's, else t3.micro).")
    String instanceType;

    @Option(names = "--launch-template", paramLabel = "ID|NAME", description = "Run the instance from this EC2 launch"
            + " template; the options given here override its settings.")
    String launchTemplate;

    @Option(names = "--launch-template-version", paramLabel = "V", description = "$Latest, $Default or a number"
            + " (default: the template's default version); needs --launch-template.")
    String launchTemplateVersion;

    @Option(names = "--subnet", paramLabel = "ID", description = "Subnet to run in (a drill: an isolated one).")
    String subnet;

    @Option(names = "--security-group", paramLabel = "ID", description = "Security group id; repeatable.")
    List<String> securityGroups = new ArrayList<>();

    @Option(names = "--key-name", paramLabel = "NAME", description = "EC2 key pair for the instance.")
    String keyName;

    @Option(names = "--uefi", description = "Register the image to boot with UEFI (default: legacy BIOS).")
    boolean uefi;

    @Option(names = "--heartbeat", paramLabel = "REGEX", description = "Console line to wait for (default"
            + " 'PILOTLIGHT-HEARTBEAT|login:').")
    String heartbeat;

    @Option(names = "--running-timeout", paramLabel = "DURATION", defaultValue = "5m",
            converter = FollowCommand.Interval.class, description = "Time the instance may take to run (default 5m).")
    Duration runningTimeout;

    @Option(names = "--heartbeat-timeout", paramLabel = "DURATION", defaultValue = "10m",
            converter = FollowCommand.Interval.class, description = "Time from running to the heartbeat (default 10m).")
    Duration heartbeatTimeout;

    @Option(names = "--port", paramLabel = "N", description = "After the heartbeat, connect to the instance's"
            + " address (public, else private) on TCP port N and time it as the last RTO phase; no answer within"
            + " --port-timeout fails like a missing heartbeat.")
    Integer port;

    @Option(names = "--port-timeout", paramLabel = "DURATION", defaultValue = "2m",
            converter = FollowCommand.Interval.class, description = "Time from the heartbeat to the port's answer"
            + " (default 2m); used only with --port.")
    Duration portTimeout;

    @Option(names = "--drill", description = "A drill: terminate the instance and deregister the image afterwards.")
    boolean drill;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "16", description = "PutSnapshotBlock requests in"
            + " flight for the sync (default 16).")
    int parallel;

    @Option(names = "--no-guest-check", description = "Fail over even a disk whose partitions say it cannot boot from"
            + " an EBS snapshot as it is (an NTFS partition: Windows, which needs VM Import).")
    boolean noGuestCheck;

    @Override
    public Integer call() throws Exception {
        PilotlightCommand top = cloud.top;
        if (launchTemplateVersion != null && launchTemplate == null) {
            throw new IllegalArgumentException("--launch-template-version needs --launch-template");
        }
        FailoverOptions options = new FailoverOptions(which.disk != null ? which.disk : which.group,
                which.group != null, point, Optional.ofNullable(instanceType), Optional.ofNullable(subnet),
                securityGroups, Optional.ofNullable(keyName), uefi ? BootMode.UEFI : BootMode.LEGACY_BIOS,
                heartbeat == null ? FailoverOptions.DEFAULT_HEARTBEAT : regex(heartbeat), runningTimeout,
                heartbeatTimeout, drill, !noGuestCheck, Optional.ofNullable(launchTemplate).map(template ->
                        new LaunchTemplate(template, Optional.ofNullable(launchTemplateVersion))));
        FailoverResult result;
        try (AwsConnection connection = aws.open(top.environment(), parallel);
                ObjectStore store = top.openExistingStore()) {
            SyncOptions syncOptions = new SyncOptions(parallel, 60, false, Optional.empty(), Duration.ofMinutes(30), 32);
            Repository repository = top.openRepository(store);
            SnapshotSync sync = new SnapshotSync(repository, connection, aws.retrying(connection), syncOptions,
                    Clock.systemUTC(), top.progress());
            result = new Failover(repository, sync, connection, aws.retrying(connection), Clock.systemUTC())
                    .run(options, Optional.ofNullable(port).map(n -> new PortCheck(n, portTimeout)));
        }
        top.out().println(summary(result));
        top.out().flush();
        return ExitCodes.OK;
    }

    static String summary(FailoverResult result) {
        return String.format("%s/%s %s on %s from %s: heartbeat '%s'%n RTO %.1f s = sync %.1f s (%d blocks) + register"
                        + " %.1f s + pending->running %.1f s + running->heartbeat %.1f s%s", result.name(),
                result.point(), result.instanceId(), result.imageId(), result.snapshotId(), result.heartbeatLine(),
                result.totalMillis() / 1000.0, result.syncMillis() / 1000.0, result.blocksSynced(),
                result.registerMillis() / 1000.0, result.runningMillis() / 1000.0, result.heartbeatMillis() / 1000.0,
                result.port().map(answer -> String.format(" + heartbeat->port %.1f s%n port %s:%d answered '%s'",
                        answer.millis() / 1000.0, answer.address(), answer.port(), answer.firstLine())).orElse("")
                + (result.drill() ? (result.cleanedUp() ? "\n drill: instance terminated, image deregistered" : "") : ""));
    }

    private static Pattern regex(String text) {
        try {
            return Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("--heartbeat '" + text + "' is not a regular expression: "
                    + e.getDescription());
        }
    }
}
