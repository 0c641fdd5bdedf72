package io.pilotlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.pilotlight.cli.config.ConfigParser;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import io.pilotlight.daemon.DaemonPlan;
import io.pilotlight.daemon.JobPlan;
import io.pilotlight.daemon.RunJournal;
import io.pilotlight.daemon.RunRecord;
import io.pilotlight.repo.DrillRecord;
import io.pilotlight.repo.Repository;
import io.pilotlight.testing.FakeTime;
import io.pilotlight.testing.SampleRepository;
import io.pilotlight.testing.Slow;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code report} over a real directory repository (two points of {@code d1}, the second drilled and
 * proven bootable) and a history journal: from {@code --repo} alone, from a config file, and as the
 * daemon's {@code reports:} job writing its directory.
 */
@Slow
class ReportCommandTest {
    @TempDir
    Path dir;

    private SampleRepository sample;
    private Path state;
    private GreenMail mail;

    @AfterEach
    void stopMail() {
        mail.stop();
    }

    @BeforeEach
    void repositoryAndHistory() throws Exception {
        mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        mail.start();
        sample = new SampleRepository(dir);
        Instant drilled = Instant.now().minusSeconds(60);
        sample.repository.recordDrill(new DrillRecord(DrillRecord.FORMAT, Repository.newPointId(drilled,
                Optional.empty()), DrillRecord.DISK, "d1", sample.second.id(), List.of(new DrillRecord.Disk("d1",
                sample.second.id())), drilled.toString(), 9000, true, "tcg", "no vmx", List.of(new DrillRecord.Check(
                "heartbeat", true, 8000, "PILOTLIGHT-HEARTBEAT")), List.of(), "test", null, List.of()),
                Optional.empty());
        state = dir.resolve("state");
        RunJournal journal = new RunJournal(state);
        Instant second = sample.second.created();
        journal.append(new RunRecord("d1", "SLOT", second.minusSeconds(900), second.minusSeconds(899), false,
                "replicate d1 failed: source file:/gone: cannot open", 0, 0, 0, ""));
        journal.append(new RunRecord("d1", "SLOT", second.minusSeconds(2), second, true, "", 3 << 16, 3 << 16,
                100_000, ""));
        journal.append(new RunRecord("verify-all", "SLOT", second.minusSeconds(3), second, true, "", 0, 0, 0, ""));
    }

    @Test
    void fromTheRepositoryAloneEveryDiskIsReportedWithItsHistoryAndDrill() throws Exception {
        CliRun run = CliRun.run("--repo", sample.root.toString(), "report", "--state-dir", state.toString(),
                "--rpo", "30m", "--since", "1d", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(run.out());
        JsonNode d1 = report.path("subjects").get(0);
        assertThat(d1.path("disk").asText()).isEqualTo("d1");
        assertThat(d1.path("rpoTargetSeconds").asLong()).isEqualTo(1800);
        assertThat(d1.path("pointsKept").asInt()).isEqualTo(2);
        assertThat(d1.path("pointsTaken").asInt()).isEqualTo(1);
        assertThat(d1.path("failedRuns").asInt()).isEqualTo(1);
        assertThat(d1.path("failures").get(0).path("reason").asText()).contains("cannot open");
        assertThat(d1.path("newestBootable").path("point").asText()).isEqualTo(sample.second.id());
        assertThat(d1.path("compliance").isNumber()).isTrue();
        assertThat(report.path("jobs").get(0).path("job").asText()).isEqualTo("verify-all");
        assertThat(report.path("sources").toString()).contains("history.jsonl").contains(sample.root.toString());
    }

    @Test
    void withoutAHistoryTheReportSaysSoAndCountsThePointsKept() throws Exception {
        CliRun run = CliRun.run("--repo", sample.root.toString(), "report", "--state-dir",
                dir.resolve("elsewhere").toString(), "--format", "md");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("> Note: no run history at " + dir.resolve("elsewhere/history.jsonl"))
                .contains("| disk d1 | none | no target |").contains("| 2 / 2 | 0 | 0 | " + sample.second.id() + " |");
        assertThat(dir.resolve("elsewhere")).doesNotExist();
    }

    @Test
    void fromAConfigFileTheFollowerAndVerifyJobAreNamedAndTheHtmlGoesToTheFile() throws Exception {
        Path config = config();
        Path out = dir.resolve("week.html");
        CliRun run = CliRun.run("report", "--config", config.toString(), "--state-dir", state.toString(), "--format",
                "html", "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEmpty();
        String html = Files.readString(out);
        assertThat(html).contains("<h2>disk d1 (repository main)</h2>").contains("<svg class=\"rpo-chart\"")
                .contains("Standby of follower d1-standby: not on this host").contains("<h2>Verify results</h2>");
    }

    @Test
    void theDaemonsReportJobWritesItsDirectory() throws Exception {
        var result = new ConfigParser().read(config());
        assertThat(result.problems()).isEmpty();
        var commandLine = PilotlightCommand.commandLine(Map.of(), false);
        commandLine.parseArgs();
        DaemonPlan plan = new DaemonPlanner(commandLine.getCommand(), state).plan(result.config().orElseThrow());
        JobPlan.Reporting job = plan.jobs().stream().filter(JobPlan.Reporting.class::isInstance)
                .map(JobPlan.Reporting.class::cast).findFirst().orElseThrow();
        assertThat(job.kind()).isEqualTo("report");
        assertThat(job.resourceKeys()).containsExactly("report:weekly");
        Instant now = Instant.parse("2026-12-07T07:00:00Z");
        String where = job.producer().produce(now);
        Path file = dir.resolve("reports/weekly-20261207T0700Z.md");
        assertThat(where).isEqualTo("report written to " + file + ", e-mail channel ops-mail");
        assertThat(Files.readString(file)).startsWith("# Protection report, 2026-11-30 07:00 UTC to 2026-12-07 07:00"
                + " UTC").contains("| disk d1 | 30m |");
        MimeMessage[] received = mail.getReceivedMessages();
        assertThat(received).hasSize(1);
        assertThat(received[0].getSubject()).isEqualTo("pilotlight report, 2026-11-30 to 2026-12-07: 0 of 1 disks and"
                + " groups always within their RPO target");
        assertThat(received[0].getAllRecipients()).extracting(Object::toString).containsExactly("managers@example.org");
        String raw = new String(received[0].getRawInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(raw).contains("weekly-2026-12-07.md").contains("text/markdown");
    }

    @Test
    void aReportsEmailMustNameAnEmailChannelOfTheAlerts() throws Exception {
        String yaml = Files.readString(config()).replace("email: ops-mail}", "email: pager}");
        assertThat(new ConfigParser().parse("p.yaml", yaml).problems()).extracting(Object::toString).singleElement()
                .asString().contains("reports.weekly.email").contains("'pager' is not an e-mail channel of"
                        + " alerts.channels").contains("e-mail channels: ops-mail");
    }

    @Test
    void theDaemonRunsTheReportJobOnItsScheduleAndRecordsTheRun() throws Exception {
        String yaml = Files.readString(config()).replace("weekly: {schedule: weekly mon 07:00,",
                "weekly: {schedule: every 15m,").replaceAll("(?s)followers:.*?verify:", "verify:");
        var result = new ConfigParser().parse("p.yaml", yaml);
        assertThat(result.problems()).isEmpty();
        var commandLine = PilotlightCommand.commandLine(Map.of(), false);
        commandLine.parseArgs();
        Path daemonState = dir.resolve("daemon-state");
        DaemonPlan planned = new DaemonPlanner(commandLine.getCommand(), daemonState).plan(result.config().orElseThrow());
        DaemonPlan plan = new DaemonPlan(planned.jobs(), planned.repositories(), new InetSocketAddress("127.0.0.1", 0),
                Optional.empty(), planned.maxJobs(), planned.maxPerRepository());
        Instant start = DaemonPlannerJobsTest.START;
        String log = DaemonPlannerJobsTest.run(plan, new FakeTime(start), daemonState, start.plusSeconds(900),
                start.plusSeconds(1800));
        assertThat(new RunJournal(daemonState).read()).filteredOn(run -> run.job().equals("weekly"))
                .allMatch(RunRecord::succeeded, "succeeded").hasSizeGreaterThanOrEqualTo(2);
        Path file = dir.resolve("reports/weekly-20260601T1030Z.md");
        long d1Runs = new RunJournal(daemonState).read().stream().filter(run -> run.job().equals("d1")
                && run.end().isBefore(start.plusSeconds(1800))).count();
        assertThat(d1Runs).isPositive();
        assertThat(Files.readString(file)).contains("| disk d1 | 30m | 100.00 % |")
                // The daemon stamps its points with its (fake) clock, so they fall inside the report's week.
                .contains("- Runs " + d1Runs + ", failed 0; points taken " + d1Runs + ", kept " + d1Runs);
        assertThat(log).doesNotContain("weekly: failed");
    }

    private Path config() throws Exception {
        Path file = dir.resolve("pilotlight.yaml");
        Files.writeString(file, """
                repositories:
                  main: {location: %s}
                disks:
                  d1: {source: file:%s, schedule: every 15m, rpo: 30m}
                followers:
                  d1-standby: {disk: d1, to: %s}
                verify:
                  verify-all: {schedule: daily 03:00}
                reports:
                  weekly: {schedule: weekly mon 07:00, period: 7d, format: md, directory: %s, email: ops-mail}
                alerts:
                  channels:
                    ops-mail: {type: email, host: 127.0.0.1, port: %d, security: none, from: pilotlight@example.org,
                        to: [managers@example.org]}
                """.formatted(sample.root, sample.image, dir.resolve("standby/d1.img"), dir.resolve("reports"),
                mail.getSmtp().getPort()));
        return file;
    }
}
