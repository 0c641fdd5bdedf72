package io.pilotlight.status;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The page's data as JSON: {@code /api/overview} (every disk and group with its state, without runs)
 * and {@code /api/disks/NAME}, {@code /api/groups/NAME} (one, with its points and runs). Times are
 * ISO-8601 UTC, durations whole seconds, sizes bytes; absent values are null.
 */
public final class StatusJson {
    private StatusJson() {
    }

    public static ObjectNode overview(StatusSnapshot snapshot) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("time", snapshot.time().toString()).put("refreshSeconds", snapshot.refresh().toSeconds());
        ArrayNode items = root.putArray("items");
        snapshot.items().forEach(item -> items.add(item(item, snapshot.time(), false)));
        ArrayNode jobs = root.putArray("jobs");
        for (JobView job : snapshot.jobs()) {
            ObjectNode node = jobs.addObject().put("name", job.name()).put("kind", job.kind())
                    .put("schedule", job.schedule()).put("running", job.running());
            instant(node, "nextRun", job.nextRun());
            job.lastRun().ifPresentOrElse(run -> node.set("lastRun", run(run)), () -> node.putNull("lastRun"));
        }
        return root;
    }

    /** One disk or group; with {@code full}, its points and runs too. */
    public static ObjectNode item(ProtectedItem item, Instant now, boolean full) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        RpoState state = item.state(now);
        node.put("kind", item.kind().word()).put("name", item.name()).put("state", state.name())
                .put("stateLabel", state.label()).put("schedule", item.schedule()).put("running", item.running());
        seconds(node, "rpoTargetSeconds", item.target());
        seconds(node, "ageSeconds", item.age(now));
        instant(node, "newestPointTime", item.newestPoint());
        instant(node, "nextRun", item.nextRun());
        item.lastRun().ifPresentOrElse(run -> node.set("lastRun", run(run)), () -> node.putNull("lastRun"));
        text(node, "lastError", item.lastError());
        text(node, "readProblem", item.readProblem());
        item.cbt().ifPresentOrElse(cbt -> node.putObject("changeTracking").put("tracking", cbt.tracking())
                .put("fellBack", cbt.fellBack()).put("text", cbt.text()), () -> node.putNull("changeTracking"));
        node.put("pointCount", item.pointCount());
        item.members().forEach(node.withArray("members")::add);
        ArrayNode standbys = node.putArray("standbys");
        for (StandbyView standby : item.standbys()) {
            ObjectNode entry = standbys.addObject().put("follower", standby.follower())
                    .put("location", standby.location());
            text(entry, "point", standby.point());
            instant(entry, "pointTime", standby.pointTime());
            seconds(entry, "ageSeconds", standby.age(now));
            text(entry, "problem", standby.problem());
        }
        item.drill().ifPresentOrElse(drill -> node.putObject("drill").put("point", drill.point())
                .put("started", drill.started().toString()).put("passed", drill.passed())
                .put("detail", drill.detail()), () -> node.putNull("drill"));
        if (full) {
            ArrayNode points = node.putArray("points");
            item.points().forEach(point -> points.addObject().put("id", point.id())
                    .put("created", point.created().toString()).put("size", point.size())
                    .put("changed", point.changed()).put("stored", point.stored()).put("fullRead", point.fullRead()));
            ArrayNode runs = node.putArray("runs");
            item.runs().forEach(run -> runs.add(run(run)));
        }
        return node;
    }

    private static ObjectNode run(RunView run) {
        return JsonNodeFactory.instance.objectNode().put("kind", run.kind()).put("start", run.start().toString())
                .put("end", run.end().toString()).put("succeeded", run.succeeded()).put("outcome", run.outcome())
                .put("reason", run.reason()).put("bytesRead", run.bytesRead()).put("bytesChanged", run.bytesChanged())
                .put("bytesStored", run.bytesStored());
    }

    private static void seconds(ObjectNode node, String field, Optional<Duration> value) {
        value.ifPresentOrElse(duration -> node.put(field, duration.toSeconds()), () -> node.putNull(field));
    }

    private static void instant(ObjectNode node, String field, Optional<Instant> value) {
        value.ifPresentOrElse(time -> node.put(field, time.toString()), () -> node.putNull(field));
    }

    private static void text(ObjectNode node, String field, Optional<String> value) {
        value.ifPresentOrElse(text -> node.put(field, text), () -> node.putNull(field));
    }
}
