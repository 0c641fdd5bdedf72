package io.pilotlight.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pilotlight.repo.Repository;
import io.pilotlight.repo.forget.ForgetOptions;
import io.pilotlight.repo.forget.ForgetResult;
import io.pilotlight.repo.forget.Forgetter;
import io.pilotlight.retention.RetentionPolicy;
import io.pilotlight.store.ObjectStore;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "forget", description = {"Forget restore points by a retention policy (--keep-*), or one point by id"
        + " (--point). Deletes only manifests and group points: the data stays until prune. The newest point of a"
        + " disk (and group point of a group) is never forgotten. See docs/retention.md."})
final class ForgetCommand implements Callable<Integer> {
    @ParentCommand
    PilotlightCommand top;

    @Option(names = "--disk", paramLabel = "NAME", converter = DiskName.Converter.class,
            description = "Forget points of this disk.")
    String disk;

    @Option(names = "--group", paramLabel = "NAME", converter = DiskName.Converter.class,
            description = "Forget group points of this group, each with its member points.")
    String group;

    @Option(names = "--all", description = "Every disk that is not a member of a group, and every group.")
    boolean all;

    @Option(names = "--point", paramLabel = "ID", description = "Forget this one point (id or unique prefix).")
    String point;

    @Option(names = "--keep-last", paramLabel = "N", description = "Keep the N newest points (or unlimited).")
    String keepLast;
    @Option(names = "--keep-hourly", paramLabel = "N", description = "Keep the newest point of N hours.")
    String keepHourly;
    @Option(names = "--keep-daily", paramLabel = "N", description = "Keep the newest point of N days.")
    String keepDaily;
    @Option(names = "--keep-weekly", paramLabel = "N", description = "Keep the newest point of N ISO weeks.")
    String keepWeekly;
    @Option(names = "--keep-monthly", paramLabel = "N", description = "Keep the newest point of N months.")
    String keepMonthly;
    @Option(names = "--keep-yearly", paramLabel = "N", description = "Keep the newest point of N years.")
    String keepYearly;
    @Option(names = "--keep-within", paramLabel = "D", description = "Keep every point within D (e.g. 7d, 36h, 1y6mo)"
            + " back from the newest point.")
    String keepWithin;
    @Option(names = "--keep-within-hourly", paramLabel = "D", description = "Keep one point per hour within D.")
    String keepWithinHourly;
    @Option(names = "--keep-within-daily", paramLabel = "D", description = "Keep one point per day within D.")
    String keepWithinDaily;
    @Option(names = "--keep-within-weekly", paramLabel = "D", description = "Keep one point per week within D.")
    String keepWithinWeekly;
    @Option(names = "--keep-within-monthly", paramLabel = "D", description = "Keep one point per month within D.")
    String keepWithinMonthly;
    @Option(names = "--keep-within-yearly", paramLabel = "D", description = "Keep one point per year within D.")
    String keepWithinYearly;

    @Option(names = "--zone", paramLabel = "ZONE", defaultValue = "UTC",
            description = "Time zone of the calendar buckets (default: ${DEFAULT-VALUE}).")
    String zone;

    @Option(names = "--dry-run", description = "Show what would be kept and removed; remove nothing.")
    boolean dryRun;

    @Option(names = "--json", description = "Print the decisions as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        checkTarget();
        try (ObjectStore store = top.openExistingStore()) {
            Forgetter forgetter = new Forgetter(top.openRepository(store));
            List<ForgetResult> results = new ArrayList<>();
            if (point != null) {
                results.add(disk != null ? forgetter.point(disk, point, dryRun)
                        : forgetter.groupPoint(group, point, dryRun));
            } else {
                ForgetOptions options = new ForgetOptions(policy(), zoneId(), dryRun);
                if (all) {
                    results.addAll(forgetter.all(options));
                } else {
                    results.add(disk != null ? forgetter.disk(disk, options) : forgetter.group(group, options));
                }
            }
            print(results);
        }
        return ExitCodes.OK;
    }

    private void checkTarget() {
        int targets = (disk == null ? 0 : 1) + (group == null ? 0 : 1) + (all ? 1 : 0);
        if (targets != 1) {
            throw new IllegalArgumentException("forget needs exactly one of --disk, --group or --all");
        }
        if (point != null && all) {
            throw new IllegalArgumentException("--point needs --disk or --group, not --all");
        }
        if (point != null && !policyOptions().isEmpty()) {
            throw new IllegalArgumentException("--point forgets one point: it cannot be used with "
                    + String.join(", ", policyOptions().keySet()));
        }
    }

    /** The {@code --keep-*} options given, in the order {@link RetentionPolicy#options()} lists them. */
    private Map<String, String> policyOptions() {
        String[] values = {keepLast, keepHourly, keepDaily, keepWeekly, keepMonthly, keepYearly, keepWithin,
            keepWithinHourly, keepWithinDaily, keepWithinWeekly, keepWithinMonthly, keepWithinYearly};
        List<String> names = RetentionPolicy.options();
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                given.put(names.get(i), values[i]);
            }
        }
        return given;
    }

    private RetentionPolicy policy() {
        return RetentionPolicy.parse(policyOptions());
    }

    private ZoneId zoneId() {
        try {
            return ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("--zone '" + zone + "': not a time zone (use a region such as"
                    + " Europe/Berlin, or UTC, or an offset such as +01:00)");
        }
    }

    private void print(List<ForgetResult> results) {
        if (json) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            for (ForgetResult result : results) {
                ObjectNode node = Json.object(result);
                node.put("kept", result.kept()).put("removed", result.removed()).put("total", result.total());
                array.add(node);
            }
            Json.print(array, top.out());
        } else {
            DateTimeFormatter time = PointFormat.TIME.withZone(point == null ? zoneId() : ZoneId.of("UTC"));
            for (ForgetResult result : results) {
                ForgetFormat.table(result, time, top.out());
            }
        }
        for (ForgetResult result : results) {
            top.note(ForgetFormat.summary(result));
        }
    }
}
