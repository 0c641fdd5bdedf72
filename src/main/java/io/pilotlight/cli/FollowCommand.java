package io.pilotlight.cli;

import io.pilotlight.recovery.follow.FollowResult;
import io.pilotlight.recovery.follow.FollowWatcher;
import io.pilotlight.recovery.follow.Followed;
import io.pilotlight.recovery.follow.Follower;
import io.pilotlight.recovery.follow.GroupFollower;
import io.pilotlight.recovery.follow.Sleeper;
import io.pilotlight.recovery.follow.Verification;
import io.pilotlight.recovery.follow.WatchEvent;
import io.pilotlight.recovery.image.HeldFollowLocks;
import io.pilotlight.recovery.image.TargetFile;
import io.pilotlight.repo.Repository;
import io.pilotlight.store.ObjectStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "follow", description = "Keep a local raw image at a restore point, writing only changed grains"
        + " (with --group: one image per disk of a group, all at the same group point, in directory --to)."
        + " Prints the image and the point it holds.")
final class FollowCommand implements Callable<Integer> {
    @ParentCommand
    PilotlightCommand top;

    @ArgGroup(exclusive = true, multiplicity = "1")
    DiskOrGroup followed;

    static final class DiskOrGroup {
        @Option(names = "--disk", paramLabel = "NAME", converter = DiskName.Converter.class,
                description = "The disk to follow.")
        String disk;

        @Option(names = "--group", paramLabel = "NAME", converter = DiskName.Converter.class,
                description = "Follow every disk of this group at the same group point: --to is then a directory "
                        + "holding NAME.img per disk.")
        String group;
    }

    @Option(names = "--to", paramLabel = "IMAGE", required = true,
            description = "The local raw image file (with --group: a directory).")
    Path image;

    @Option(names = "--point", paramLabel = "ID", defaultValue = "latest",
            description = "Point id (with --group: group point id), unique id prefix, or 'latest' (default).")
    String point;

    @Option(names = "--verify", paramLabel = "always|sampled|off", arity = "0..1", fallbackValue = "always",
            converter = VerificationName.class,
            description = "Check the image after writing: always (the whole image digest; holes are not read),"
                    + " sampled (1024 random grains against their hashes) or off. --verify alone is always."
                    + " Default: always after the first, full restore, off after an apply.")
    Verification verify;

    @Option(names = "--force", description = "Take over an image that has no follow state or follows something"
            + " else: every grain is compared with the point and only those that differ are rewritten (a copy"
            + " seeded beforehand costs only its differences).")
    boolean force;

    @Option(names = "--watch", description = "Keep polling the repository and apply new points as they land,"
            + " holding the image's lock for the whole run.")
    boolean watch;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "30s", converter = Interval.class,
            description = "Polling interval for --watch: 30s, 5m, 1h (default 30s).")
    Duration interval;

    @Option(names = "--json", description = "Print each result as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (watch && !point.equals("latest")) {
            throw new IllegalArgumentException("--watch follows the latest point; it cannot be combined with --point "
                    + point);
        }
        try (ObjectStore store = top.openExistingStore(); ConsoleProgress progress = top.progress();
                HeldFollowLocks locks = watch ? HeldFollowLocks.keeping() : HeldFollowLocks.EACH_FOLLOW) {
            Repository repository = top.openRepository(store);
            Optional<Verification> verification = Optional.ofNullable(verify);
            if (followed.group != null) {
                String group = followed.group;
                if (watch) {
                    // held for the whole watch, not only while a round runs
                    Files.createDirectories(image.toAbsolutePath());
                    locks.hold(image.toAbsolutePath().resolve(Repository.checkGroup(group) + ".pilotlight-group"));
                }
                return follow(Followed.group(repository, new GroupFollower(repository, progress, locks), group, image,
                        verification, force), result -> {
                            result.disks().forEach(this::report);
                            top.note(group + ": " + image.toAbsolutePath() + " holds group point " + result.point()
                                    + " (" + result.disks().size() + " disks)");
                        });
            }
            Path resolved = TargetFile.resolve(image);
            if (watch && (!Files.exists(resolved) || Files.isRegularFile(resolved))) {
                locks.hold(resolved);
            }
            return follow(Followed.disk(repository, new Follower(repository, progress, locks), followed.disk, image,
                    verification, force), this::report);
        }
    }

    /**
     * One follow of --point, or with --watch a {@link FollowWatcher} on the real clock that runs
     * until interrupted, printing each result and each failed round.
     */
    private <R> Integer follow(Followed<R> target, Consumer<R> report) throws IOException, InterruptedException {
        if (!watch) {
            report.accept(target.follow(Optional.of(point), true));
            return ExitCodes.OK;
        }
        new FollowWatcher<>(target, interval, Clock.systemUTC(), Sleeper.SYSTEM).watch(event -> {
            if (event instanceof WatchEvent.Applied<R> applied) {
                report.accept(applied.result());
            } else if (event instanceof WatchEvent.Failed<R> failed && failed.retrying()) {
                reportFailedRound(failed);
            }
        }, CommandSignals::stopRequested);
        return ExitCodes.OK;
    }

    private void reportFailedRound(WatchEvent.Failed<?> failed) {
        int code = ExitCodes.of(failed.failure());
        String message = ExitCodes.message(failed.failure());
        top.err().println("pilotlight: follow --watch: " + message + " (exit code " + code + "); trying again in "
                + HumanDuration.format(failed.retryIn().toMillis()));
        top.err().flush();
        if (json) {
            Json.print(Json.object(new FailedRound(message, code, failed.at().toString())), top.out());
        }
    }

    /** A round of --watch that failed, as --json prints it. */
    private record FailedRound(String error, int exitCode, String time) {}

    private void report(FollowResult result) {
        if (json) {
            Json.print(Json.object(result), top.out());
        } else {
            top.out().println(result.image() + "  " + result.point());
            top.out().flush();
        }
        String disk = result.disk();
        if (result.upToDate()) {
            top.note(disk + ": " + result.image() + " already holds point " + result.point());
            return;
        }
        String how = result.fullRestore() ? "restored point " + result.point() + " in full"
                : result.comparedInFull() ? "compared every grain of the image with point " + result.point()
                        + " and rewrote those that differed"
                : "applied point " + result.point() + " over " + result.fromPoint();
        top.note(disk + ": " + how + " to " + result.image() + ": " + result.grainsWritten() + " grains written ("
                + ByteSize.format(result.dataBytes()) + " of data, " + result.zeroGrains()
                + " zeroed), " + result.segmentsSkipped() + " segments unchanged"
                + (result.verified() ? ", digest verified" : "")
                + (result.grainsSampled() > 0 ? ", " + result.grainsSampled() + " sampled grains verified" : "")
                + ", in " + HumanDuration.format(result.durationMillis()) + "; the point's data is "
                + HumanDuration.format(result.pointAgeMillis()) + " old");
    }

    /** {@code always}, {@code sampled} or {@code off}. */
    static final class VerificationName implements ITypeConverter<Verification> {
        @Override
        public Verification convert(String value) {
            return Verification.parse(value);
        }
    }

    /** A duration such as {@code 30s}, {@code 5m}, {@code 1h} or {@code 1500ms}. */
    static final class Interval implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String text = value.trim().toLowerCase(Locale.ROOT);
            java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h)").matcher(text);
            if (!matcher.matches()) {
                throw new IllegalArgumentException("interval '" + value + "' is not a duration; use e.g. 1500ms, 30s,"
                        + " 5m or 1h");
            }
            long amount = Long.parseLong(matcher.group(1));
            Duration duration = switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
            if (duration.isZero()) {
                throw new IllegalArgumentException("interval '" + value + "' must be more than zero");
            }
            return duration;
        }
    }
}
