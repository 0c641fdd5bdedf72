package io.pilotlight.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code status}: one line per disk from the running daemon: RPO now vs target, last run, next run, last error. */
@Command(name = "status", description = {"Show what the running daemon protects: per disk, the age of its newest"
        + " committed point against its RPO, the last and next run, and the last error.", "",
    "  pilotlight status", "  pilotlight status --api http://10.0.0.5:9811 --token-file /etc/pilotlight/token --json"})
final class StatusCommand implements Callable<Integer> {
    @ParentCommand
    PilotlightCommand top;

    @Mixin
    DaemonApi api = new DaemonApi();

    @Option(names = "--json", description = "Print the daemon's status document as it is.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        DaemonApi.Response response = api.send("GET", "/api/status");
        if (response.code() != 200) {
            top.err().println("pilotlight: status: the daemon answered " + response.code() + ": " + response.body().trim());
            top.err().flush();
            return response.code() == 401 ? ExitCodes.ACCESS_DENIED : ExitCodes.INTERNAL_ERROR;
        }
        if (json) {
            top.out().print(response.body());
        } else {
            JsonNode status = new ObjectMapper().readTree(response.body());
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"DISK", "RPO NOW", "TARGET", "LAST RUN", "NEXT RUN", "LAST ERROR"});
            for (JsonNode disk : status.path("disks")) {
                rows.add(row(disk, job(status, disk.path("job").asText())));
            }
            TextTable.print(rows, top.out());
            if (!status.path("followers").isEmpty()) {
                List<String[]> standbys = new ArrayList<>();
                standbys.add(new String[] {"FOLLOWER", "OF", "STANDBY POINT", "LAG", "LAST RUN", "LAST ERROR"});
                for (JsonNode follower : status.path("followers")) {
                    standbys.add(follower(follower, job(status, follower.path("follower").asText())));
                }
                top.out().println();
                TextTable.print(standbys, top.out());
            }
        }
        top.out().flush();
        return ExitCodes.OK;
    }

    /** An instant of the status document to the second, e.g. {@code 2026-12-03T11:45:00Z}. */
    private static String seconds(String instant) {
        return Instant.parse(instant).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static JsonNode job(JsonNode status, String name) {
        for (JsonNode job : status.path("jobs")) {
            if (job.path("name").asText().equals(name)) {
                return job;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static String[] row(JsonNode disk, JsonNode job) {
        String age = disk.path("ageSeconds").isNumber() ? HumanDuration.format(1000 * disk.path("ageSeconds").asLong()) : "no point";
        String target = disk.path("rpoSeconds").isNumber() ? HumanDuration.format(1000 * disk.path("rpoSeconds").asLong()) + (disk.path("withinRpo").asBoolean(true) ? "" : " LATE") : "-";
        JsonNode last = job.path("lastRun");
        String outcome = last.path("succeeded").asBoolean() ? " ok" : " failed";
        String lastRun = last.isObject() ? seconds(last.path("end").asText()) + outcome : "never";
        String running = job.path("running").asBoolean() ? "running" : job.path("nextRun").isTextual()
                ? seconds(job.path("nextRun").asText()) : "-";
        return new String[] {disk.path("disk").asText(), age, target, lastRun, running, disk.path("lastError").asText("-")};
    }

    private static String[] follower(JsonNode follower, JsonNode job) {
        String of = follower.has("group") ? "group " + follower.path("group").asText() : follower.path("disk").asText();
        String lag = follower.path("lagSeconds").isNumber()
                ? HumanDuration.format(1000 * follower.path("lagSeconds").asLong()) : "-";
        JsonNode last = job.path("lastRun");
        String lastRun = last.isObject() ? seconds(last.path("end").asText())
                + (last.path("succeeded").asBoolean() ? " ok" : " failed") : "never";
        String error = follower.path("lastError").asText(follower.path("error").asText("-"));
        return new String[] {follower.path("follower").asText(), of, follower.path("standbyPoint").asText("none"), lag,
                lastRun, error};
    }
}
