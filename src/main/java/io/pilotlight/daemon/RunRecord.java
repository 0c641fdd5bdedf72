package io.pilotlight.daemon;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** One finished run as the journal keeps it: job, why it ran, start, end, outcome, reason and bytes. */
public record RunRecord(String job, String kind, Instant start, Instant end, boolean succeeded, String reason,
        long bytesRead, long bytesChanged, long bytesStored, String notable) {
    public RunRecord {
        requireNonNull(job, "job is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(start, "start is null");
        requireNonNull(end, "end is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(notable, "notable is null");
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("run of " + job + " ends at " + end + ", before its start " + start);
        }
    }

    ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("job", job).put("kind", kind).put("start", start.toString()).put("end", end.toString())
                .put("succeeded", succeeded).put("reason", reason).put("bytesRead", bytesRead)
                .put("bytesChanged", bytesChanged).put("bytesStored", bytesStored).put("notable", notable);
        return node;
    }

    static RunRecord fromJson(JsonNode node) {
        return new RunRecord(node.path("job").asText(), node.path("kind").asText(),
                Instant.parse(node.path("start").asText()), Instant.parse(node.path("end").asText()),
                node.path("succeeded").asBoolean(), node.path("reason").asText(), node.path("bytesRead").asLong(),
                node.path("bytesChanged").asLong(), node.path("bytesStored").asLong(), node.path("notable").asText());
    }
}
