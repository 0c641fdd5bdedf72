package io.pilotlight.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pilotlight.recovery.drill.Drill;
import io.pilotlight.recovery.drill.DrillOptions;
import io.pilotlight.recovery.drill.DrillOptions.Firmware;
import io.pilotlight.recovery.drill.DrillOptions.PortCheck;
import io.pilotlight.recovery.drill.DrillOptions.Target;
import io.pilotlight.recovery.drill.DrillResult;
import io.pilotlight.repo.CorruptObjectException;
import io.pilotlight.repo.DrillEvidence;
import io.pilotlight.repo.Repository;
import io.pilotlight.repo.RepositoryException;
import io.pilotlight.store.ObjectStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "drill", description = "Prove that a restore point boots: boot it in an isolated VM from a throwaway"
        + " overlay (the repository is only read), check a heartbeat on its serial console and TCP ports, power it"
        + " off, and record the result with a console screenshot in the repository (shown by 'points'). Exit 7 when"
        + " a check failed. With --show, print the newest recorded drill of the point instead of booting it.")
final class DrillCommand implements Callable<Integer> {
    static final long DEFAULT_MEMORY = 256L << 20;

    @ParentCommand
    PilotlightCommand top;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    static final class Which {
        @Option(names = "--disk", paramLabel = "NAME", converter = DiskName.Converter.class,
                description = "The disk to boot.")
        String disk;

        @Option(names = "--group", paramLabel = "NAME", description = "The group to boot as one VM with every member"
                + " disk, in the group point's order.")
        String group;
    }

    @Option(names = "--point", paramLabel = "ID", defaultValue = "latest",
            description = "Point id (of the disk, or of the group), unique prefix, or 'latest' (default).")
    String point;

    @Option(names = "--port", paramLabel = "GUEST[=EXPECT_REGEX]", description = "A guest TCP port that must answer"
            + " (with data matching the regex, if given); repeatable. Probed once the heartbeat came.")
    List<String> ports = new ArrayList<>();

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "120s", converter = FollowCommand.Interval.class,
            description = "Time each check may take (default 120s); the whole drill may take one per check plus 60s.")
    Duration timeout;

    @Mixin
    GuestBootOptions boot;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Option(names = "--show", description = "Boot nothing: print the newest drill recorded for the point (exit 7 if it"
            + " failed, 8 if the point was never drilled).")
    boolean show;

    @Option(names = "--screenshot", paramLabel = "FILE", description = "With --show (implied): also write that drill's"
            + " console screenshot (PNG) to FILE.")
    Path screenshot;

    @Override
    public Integer call() throws Exception {
        if (show || screenshot != null) {
            return show();
        }
        DrillOptions options = options();
        DrillResult result;
        try (ObjectStore store = top.openExistingStore()) {
            result = new Drill(top.openRepository(store), Clock.systemUTC(), BootChecks.notes(top)).run(options);
        }
        if (json) {
            Json.print(json(result), top.out());
        } else {
            top.out().println(summary(result));
            top.out().flush();
        }
        return result.passed() ? ExitCodes.OK : ExitCodes.FAULTS_FOUND;
    }

    DrillOptions options() {
        Target target = which.disk != null ? Target.disk(which.disk) : Target.group(which.group);
        Optional<Path> ovmf = boot.firmware(Optional.empty());
        Duration overall = timeout.multipliedBy(ports.size() + 1L).plusSeconds(60);
        return new DrillOptions(target, point, boot.heartbeat(DrillOptions.DEFAULT_HEARTBEAT),
                ports.stream().map(DrillCommand::port).toList(), timeout, overall, boot.memory(DEFAULT_MEMORY),
                boot.accelerator(), ovmf.isPresent() ? Firmware.UEFI : Firmware.BIOS, ovmf,
                Path.of(System.getProperty("java.io.tmpdir"), "pilotlight-drill"), 20, boot.memoryUnset());
    }

    static PortCheck port(String text) {
        int equals = text.indexOf('=');
        String number = equals < 0 ? text : text.substring(0, equals);
        try {
            Optional<Pattern> expect = equals < 0 ? Optional.empty()
                    : Optional.of(GuestBootOptions.regex("--port " + number, text.substring(equals + 1)));
            return new PortCheck(Integer.parseInt(number), expect);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port '" + text + "': expected GUEST[=EXPECT_REGEX], e.g. 22=^SSH-");
        }
    }

    static String summary(DrillResult result) {
        String checks = result.checks().stream()
                .map(check -> check.name() + (check.ok() ? " ok " : " FAILED ") + BootChecks.seconds(check.elapsed()))
                .collect(Collectors.joining(", "));
        String line = "drill " + String.join(" ", result.points()) + ": " + (result.passed() ? "passed" : "FAILED")
                + " under " + result.accelerator() + " (" + result.acceleratorReason() + "): " + checks;
        Optional<DrillResult.Check> failure = result.firstFailure();
        if (failure.isPresent()) {
            line += "; " + failure.get().name() + ": " + failure.get().detail()
                    + result.serialLog().map(log -> "; serial log kept at " + log).orElse("")
                    + (result.serialTail().isEmpty() ? "" : "; last serial lines: "
                            + String.join(" | ", result.serialTail().subList(
                                    Math.max(0, result.serialTail().size() - 5), result.serialTail().size())));
        }
        return line;
    }

    static ObjectNode json(DrillResult result) {
        ObjectNode node = Json.object(new Summary(result.points(), result.passed(), result.accelerator(),
                result.acceleratorReason(), result.serialTail(), result.serialLog(), result.overlaysDeleted(),
                result.started(), result.duration().toMillis(), result.evidence()));
        BootChecks.json(node.putArray("checks"), result.checks());
        return node;
    }

    private record Summary(List<String> points, boolean passed, String accelerator, String acceleratorReason,
            List<String> serialTail, Optional<Path> serialLog, boolean overlaysDeleted, Instant started,
            long durationMillis, Optional<String> evidence) {}

    /** {@code --show}: the newest drill record of the point, and its screenshot into {@code --screenshot}. */
    private int show() throws IOException {
        try (ObjectStore store = top.openExistingStore()) {
            Repository repository = top.openRepository(store);
            boolean group = which.group != null;
            String name = group ? Repository.checkGroup(which.group) : which.disk;
            String id = group ? repository.groupPoint(name, point).id() : repository.manifest(name, point).id();
            DrillEvidence evidence = repository.newestDrill(group, name, id).orElseThrow(() -> new RepositoryException(
                    RepositoryException.Kind.UNKNOWN_POINT, (group ? "group point " : "point ") + id + " of "
                            + (group ? "group " : "disk ") + name + " was never drilled (run: pilotlight drill "
                            + (group ? "--group " : "--disk ") + name + " --point " + id + ")"));
            if (evidence instanceof DrillEvidence.Unreadable unreadable) {
                throw new CorruptObjectException(unreadable.problem());
            }
            DrillEvidence.Recorded recorded = (DrillEvidence.Recorded) evidence;
            if (screenshot != null) {
                Files.write(screenshot, repository.drillScreenshot(recorded));
                top.note("drill: screenshot " + recorded.screenshotKey().orElseThrow() + " written to " + screenshot);
            }
            if (json) {
                Json.print(DrillFormat.json(Optional.of(evidence)), top.out());
            } else {
                DrillFormat.show(recorded).forEach(top.out()::println);
                top.out().flush();
            }
            return recorded.record().passed() ? ExitCodes.OK : ExitCodes.FAULTS_FOUND;
        }
    }
}
