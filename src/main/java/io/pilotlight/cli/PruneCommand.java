package io.pilotlight.cli;

import io.pilotlight.repo.Repository;
import io.pilotlight.repo.prune.PruneOptions;
import io.pilotlight.repo.prune.PruneResult;
import io.pilotlight.repo.prune.Pruner;
import io.pilotlight.store.ObjectStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "prune", description = "Remove the data no restore point uses: plan unused packs now, delete those"
        + " a prune planned more than --grace ago. Runs beside replicate, follow and serve; exit 6 if another prune runs.")
final class PruneCommand implements Callable<Integer> {
    @ParentCommand
    PilotlightCommand top;

    @Option(names = "--grace", paramLabel = "DURATION", defaultValue = "24h", converter = Grace.class,
            description = "Delete only packs planned at least this long ago (default: ${DEFAULT-VALUE}; at least 1m).")
    Duration grace;

    @Option(names = "--allow-short-grace", description = "Allow a --grace under 1m (tests and crash drills only:"
            + " a writer on a host whose clock lags may lose packs it uses).")
    boolean allowShortGrace;

    @Option(names = "--max-unused", paramLabel = "PERCENT", defaultValue = "5%", converter = Fraction.class,
            description = "Repack the most wasteful packs until unused space is at most this share of the"
                    + " repository (default: ${DEFAULT-VALUE}).")
    double maxUnused;

    @Option(names = "--max-repack", paramLabel = "SIZE", converter = ByteSize.Converter.class,
            description = "Copy at most this many live bytes when repacking (default: no limit).")
    Long maxRepack;

    @Option(names = "--dry-run", description = "Report what would be planned and deleted; change nothing.")
    boolean dryRun;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PruneOptions options = new PruneOptions(grace, maxUnused, maxRepack == null ? Long.MAX_VALUE : maxRepack, dryRun,
                allowShortGrace);
        PruneResult result;
        try (ObjectStore store = top.openExistingStore(); ConsoleProgress progress = top.progress()) {
            result = new Pruner(top.openRepository(store), options, Clock.systemUTC(), progress).run();
        }
        // Every request through the metered store (reads and listings too), as replicate reports them.
        result = result.withRequests(top.storeStack().meter().snapshot().requests());
        if (json) {
            Json.print(Json.object(result), top.out());
            top.note(summary(result));
        } else {
            top.out().println(summary(result));
            top.out().flush();
        }
        top.note("store: " + top.storeStack().summary());
        return ExitCodes.OK;
    }

    static String summary(PruneResult result) {
        String deleted = (result.dryRun() ? "would delete " : "deleted ") + result.packsDeleted() + " packs ("
                + ByteSize.format(result.bytesFreed()) + ") of " + result.plansCompleted() + " plans";
        String planned = result.newPlan().isEmpty() ? "nothing new to plan"
                : (result.dryRun() ? "would plan " : "planned ") + result.plannedPacks() + " packs ("
                        + ByteSize.format(result.plannedBytes()) + ")" + (result.packsRepacked() > 0
                                ? " after repacking " + result.packsRepacked() + " ("
                                        + ByteSize.format(result.repackedBytes()) + " copied)" : "");
        return deleted + ", " + planned + (result.plansWaiting() > 0 ? ", " + result.plansWaiting() + " plans waiting"
                : "") + ", " + ByteSize.format(result.unusedBytesLeft()) + " unused left"
                + (result.packsLocked() > 0 ? ", " + result.packsLocked() + " unused packs kept under Object Lock, the"
                        + " first unlocking " + result.earliestUnlock().orElseThrow() + " (a later prune deletes them)" : "");
    }

    /** A grace such as {@code 24h}, {@code 90m}, {@code 2d} or {@code 0s}. */
    static final class Grace implements ITypeConverter<Duration> {
        private static final Pattern DURATION = Pattern.compile("(\\d+)(s|m|h|d)");

        @Override
        public Duration convert(String value) {
            Matcher matcher = DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
            if (!matcher.matches()) {
                throw new IllegalArgumentException("grace '" + value + "' is not a duration; use e.g. 30m, 24h or 7d");
            }
            long amount = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
    }

    /** A share such as {@code 5%} or {@code 0.05}. */
    static final class Fraction implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            String text = value.trim();
            try {
                double share = text.endsWith("%") ? Double.parseDouble(text.substring(0, text.length() - 1)) / 100
                        : Double.parseDouble(text);
                if (share >= 0 && share <= 1) {
                    return share;
                }
            } catch (NumberFormatException e) {
                // named below
            }
            throw new IllegalArgumentException("max unused '" + value + "' is not a share from 0% to 100% (e.g. 5%)");
        }
    }
}
