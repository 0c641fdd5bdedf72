package io.pilotlight.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulated week's report in Markdown, JSON and HTML; the HTML refers to nothing outside itself. */
class ReportFormatTest {
    private final Report report = new SimulatedWeek().report();

    @Test
    void markdownHasTheSummaryRowsTheFailuresAndTheVerifyJob() {
        String md = ReportFormat.MD.render(report);
        assertThat(md).startsWith("# Protection report, 2026-11-23 00:00 UTC to 2026-11-30 00:00 UTC\n")
                .contains("| disk web1 | 30m | 96.38 % | 6h 17m | 15m | 646 / 7 | 26 | 1 | 2026-11-29T000000Z |")
                .contains("| disk db2 | 2h | 98.19 % | 1h 5m | 1h | 59 / 0 | 1 | 0 | none on record |")
                .contains("- Compliance 96.38 %: within target 6d 17h, exceeded (up to 2x) 47m, severely (up to 4x) 1h,"
                        + " critically (over 4x) 4h 17m, no point 0s")
                .contains("| 24 | " + SimulatedWeek.OUTAGE + " | 2026-11-24 15:45 UTC |")
                .contains("## Verify results").contains("| verify-main | verify | 7 | 1 | 2026-11-29 06:00 UTC ok |")
                .contains("- Standby of follower web1-standby: point 2026-11-29T000000Z, taken 2026-11-29 00:00 UTC, 1d old");
    }

    @Test
    void jsonCarriesTheFiguresInSecondsAndShares() throws Exception {
        JsonNode json = new ObjectMapper().readTree(ReportFormat.JSON.render(report));
        assertThat(json.path("from").asText()).isEqualTo("2026-11-23T00:00:00Z");
        JsonNode web1 = json.path("subjects").get(0);
        assertThat(web1.path("disk").asText()).isEqualTo("web1");
        assertThat(web1.path("compliance").asDouble()).isEqualTo((10080.0 - 364) / 10080);
        assertThat(web1.path("bandsSeconds").path("critically").asLong()).isEqualTo(257 * 60);
        assertThat(web1.path("worstRpoSeconds").asLong()).isEqualTo(6 * 3600 + 17 * 60);
        assertThat(web1.path("failures").get(0).path("count").asInt()).isEqualTo(24);
        assertThat(web1.path("newestBootable").path("accelerator").asText()).isEqualTo("tcg");
        assertThat(web1.path("standbys").get(0).path("ageSeconds").asLong()).isEqualTo(86400);
        assertThat(web1.path("rpo").size()).isEqualTo(2 + 2 * 646);
        assertThat(json.path("jobs").get(0).path("lastFailure").asText()).isEqualTo(SimulatedWeek.VERIFY_FAULT);
    }

    @Test
    void htmlIsOneSelfContainedFileWithAChartPerSubject() {
        String html = ReportFormat.HTML.render(report);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<style>").contains("96.38 % (missed)");
        assertThat(Pattern.compile("<svg ").matcher(html).results().count()).isEqualTo(2);
        assertThat(html).doesNotContainPattern("(?i)(https?:|\\bsrc=|\\bhref=|url\\(|@import|<script|<link)");
    }

    @Test
    void textFromTheHistoryIsEscapedInHtmlAndMarkdown() {
        String hostile = "<img src=x onerror=alert(1)> | pipe";
        SimulatedWeek week = new SimulatedWeek();
        week.history.add(new io.pilotlight.daemon.RunRecord("web1", "SLOT", SimulatedWeek.END.minusSeconds(100),
                SimulatedWeek.END.minusSeconds(50), false, hostile, 0, 0, 0, ""));
        Report hostileReport = ReportBuilder.build(week.inputs(), SimulatedWeek.WEEK, SimulatedWeek.END);
        assertThat(ReportFormat.HTML.render(hostileReport)).doesNotContain("<img").contains("&lt;img src=x");
        assertThat(ReportFormat.MD.render(hostileReport)).contains("\\| pipe");
    }

    @Test
    void theDirectorySinkWritesTheFileNamedByThePeriodsEnd(@TempDir Path dir) throws Exception {
        DirectoryReportSink sink = new DirectoryReportSink(dir.resolve("reports"), "weekly");
        String where = sink.deliver(report, ReportFormat.MD, "# report\n");
        assertThat(where).isEqualTo(dir.resolve("reports/weekly-20261130T0000Z.md").toString());
        assertThat(Files.readString(Path.of(where))).isEqualTo("# report\n");
        try (var files = Files.list(dir.resolve("reports"))) {
            assertThat(files).hasSize(1);
        }
    }

    @Test
    void anUnknownFormatNamesTheValidOnes() {
        assertThat(ReportFormat.parse("Markdown")).isEqualTo(ReportFormat.MD);
        assertThatThrownBy(() -> ReportFormat.parse("pdf")).hasMessage("report format 'pdf' is not one of [html, md, json]");
    }
}
