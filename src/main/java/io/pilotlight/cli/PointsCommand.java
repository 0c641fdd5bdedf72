package io.pilotlight.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pilotlight.repo.DrillEvidence;
import io.pilotlight.repo.GroupPoint;
import io.pilotlight.repo.PointInfo;
import io.pilotlight.repo.Readable;
import io.pilotlight.repo.Repository;
import io.pilotlight.store.ObjectStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "points", description = "List restore points (or a group's group points), oldest first, each with"
        + " its newest drill (BOOTS: 'yes' and the time its last check passed, 'FAILED' and the check, '-' never"
        + " drilled, '?' an unreadable drill record).")
final class PointsCommand implements Callable<Integer> {
    @ParentCommand
    PilotlightCommand top;

    @Option(names = "--disk", paramLabel = "NAME", converter = DiskName.Converter.class,
            description = "Only this disk's points.")
    String disk;

    @Option(names = "--group", paramLabel = "NAME", converter = DiskName.Converter.class,
            description = "This group's group points, each with the point of every disk.")
    String group;

    @Option(names = "--json", description = "Print a JSON array of restore points, each with its newest drill record"
            + " (field drill: checks, times, accelerator, screenshot key; null if never drilled).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (disk != null && group != null) {
            throw new IllegalArgumentException("--disk and --group cannot be used together");
        }
        try (ObjectStore store = top.openExistingStore()) {
            Repository repository = top.openRepository(store);
            if (group != null) {
                Readable<GroupPoint> groupPoints = repository.readableGroupPoints(group);
                List<GroupPoint> points = groupPoints.read();
                printGroup(points, shown(repository.newestDrills(true, Optional.of(group)), points,
                        point -> point.group() + "/" + point.id()));
                return unreadable(groupPoints.unreadable(), "group point " + group + "/");
            }
            Readable<PointInfo> readable = repository.readablePoints(Optional.ofNullable(disk));
            List<PointInfo> points = readable.read();
            Map<String, DrillEvidence> drills = shown(repository.newestDrills(false, Optional.ofNullable(disk)),
                    points, point -> point.disk() + "/" + point.id());
            if (disk != null && points.isEmpty() && readable.unreadable().isEmpty()) {
                repository.manifest(disk, "latest"); // an unknown disk: exit 8, naming the disks there are
            }
            if (json) {
                Json.print(withDrills(points, drills, point -> point.disk() + "/" + point.id()), top.out());
            } else if (points.isEmpty()) {
                top.note(disk == null ? "no restore points yet" : "no restore points of disk " + disk);
            } else {
                PointFormat.table(points, drills, top.out());
            }
            return unreadable(readable.unreadable(), "point ");
        }
    }

    /**
     * Names each object that could not be read on stderr, after listing the rest; exit 5 when there
     * was one (docs/exit-codes.md), so one damaged manifest never hides the other points.
     */
    private int unreadable(Map<String, String> unreadable, String what) {
        if (unreadable.isEmpty()) {
            return ExitCodes.OK;
        }
        top.out().flush();
        unreadable.forEach((id, why) -> top.err().println("pilotlight: " + what + id + " cannot be read: " + why));
        top.err().println("pilotlight: " + unreadable.size() + " unreadable, not listed (pilotlight verify checks"
                + " the repository, pilotlight repair points removes what cannot be restored)");
        top.err().flush();
        return ExitCodes.CORRUPT_DATA;
    }

    private void printGroup(List<GroupPoint> points, Map<String, DrillEvidence> drills) {
        if (json) {
            Json.print(withDrills(points, drills, point -> point.group() + "/" + point.id()), top.out());
        } else if (points.isEmpty()) {
            top.note("no group points of group " + group);
        } else {
            PointFormat.groupTable(points, drills, top.out());
        }
    }

    /** The drills of the points shown (a record of a point forgotten since is left out), warning of unreadable ones. */
    private <P> Map<String, DrillEvidence> shown(Map<String, DrillEvidence> drills, List<P> points,
            Function<P, String> key) {
        Map<String, DrillEvidence> shown = new HashMap<>(drills);
        shown.keySet().retainAll(points.stream().map(key).toList());
        DrillFormat.warnUnreadable(shown.values(), top.err());
        return shown;
    }

    private static <P extends Record> ArrayNode withDrills(List<P> points, Map<String, DrillEvidence> drills,
            Function<P, String> key) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (P point : points) {
            ObjectNode node = Json.object(point);
            node.set("drill", DrillFormat.json(Optional.ofNullable(drills.get(key.apply(point)))));
            array.add(node);
        }
        return array;
    }
}
