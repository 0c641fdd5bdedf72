package io.pilotlight.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A report as JSON for scripts: instants in ISO-8601 UTC, durations in seconds ({@code …Seconds}),
 * shares from 0 to 1, bytes as numbers; a value not known is null (docs/operating.md, "Reports").
 */
final class JsonReport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonReport() {
    }

    static String render(Report report) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("generated", report.generated().toString()).put("from", report.period().start().toString())
                .put("to", report.period().end().toString());
        report.sources().forEach(root.putArray("sources")::add);
        report.notes().forEach(root.putArray("notes")::add);
        ArrayNode subjects = root.putArray("subjects");
        report.subjects().forEach(subject -> subjects.add(subject(subject, report.period())));
        ArrayNode jobs = root.putArray("jobs");
        for (JobSummary job : report.jobs()) {
            ObjectNode node = jobs.addObject().put("job", job.name()).put("kind", job.kind()).put("runs", job.runs())
                    .put("failed", job.failed());
            instant(node, "lastRun", job.lastRun());
            job.lastSucceeded().ifPresentOrElse(ok -> node.put("lastSucceeded", ok), () -> node.putNull("lastSucceeded"));
            node.put("lastFailure", job.lastFailure().orElse(null));
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the report cannot be written as JSON", e);
        }
    }

    private static ObjectNode subject(SubjectReport subject, Period period) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put(subject.subject().kind().word(), subject.subject().name())
                .put("repository", subject.subject().repository()).put("job", subject.subject().job());
        seconds(node, "rpoTargetSeconds", subject.subject().target());
        instant(node, "measuredFrom", subject.measured().map(Period::start));
        seconds(node, "measuredSeconds", subject.measured().map(Period::length));
        subject.compliance().ifPresentOrElse(share -> node.put("compliance", share), () -> node.putNull("compliance"));
        subject.bands().ifPresentOrElse(bands -> node.putObject("bandsSeconds")
                .put("compliant", bands.compliant().toSeconds()).put("exceeded", bands.exceeded().toSeconds())
                .put("severely", bands.severely().toSeconds()).put("critically", bands.critically().toSeconds())
                .put("noPoint", bands.noPoint().toSeconds()), () -> node.putNull("bandsSeconds"));
        seconds(node, "worstRpoSeconds", subject.worstRpo());
        seconds(node, "rpoAtEndSeconds", subject.rpoAtEnd());
        instant(node, "newestPoint", subject.newestPoint());
        node.put("runs", subject.runs()).put("failedRuns", subject.failedRuns()).put("pointsTaken",
                subject.pointsTaken()).put("pointsKept", subject.pointsKept()).put("cbtFallbacks", subject.cbtFallbacks());
        node.putObject("bytes").put("read", subject.bytes().read()).put("changed", subject.bytes().changed())
                .put("stored", subject.bytes().stored());
        ArrayNode failures = node.putArray("failures");
        subject.failures().forEach(failure -> failures.addObject().put("reason", failure.reason())
                .put("count", failure.count()).put("first", failure.first().toString())
                .put("last", failure.last().toString()));
        subject.bootable().ifPresentOrElse(boot -> {
            ObjectNode bootable = node.putObject("newestBootable").put("point", boot.point())
                    .put("drilled", boot.drilled().toString()).put("accelerator", boot.accelerator());
            instant(bootable, "pointCreated", boot.pointCreated());
        }, () -> node.putNull("newestBootable"));
        ArrayNode standbys = node.putArray("standbys");
        subject.standbys().forEach(standby -> {
            ObjectNode entry = standbys.addObject().put("follower", standby.follower())
                    .put("point", standby.point().orElse(null)).put("problem", standby.problem().orElse(null));
            instant(entry, "pointCreated", standby.pointCreated());
            seconds(entry, "ageSeconds", standby.ageAt(period.end()));
        });
        ArrayNode chart = node.putArray("rpo");
        subject.chart().forEach(sample -> chart.addObject().put("at", sample.time().toString())
                .put("rpoSeconds", sample.age().toSeconds()));
        return node;
    }

    private static void seconds(ObjectNode node, String field, Optional<Duration> duration) {
        duration.ifPresentOrElse(value -> node.put(field, value.toSeconds()), () -> node.putNull(field));
    }

    private static void instant(ObjectNode node, String field, Optional<Instant> instant) {
        instant.ifPresentOrElse(value -> node.put(field, value.toString()), () -> node.putNull(field));
    }
}
