package io.pilotlight.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code reports:}: defaults, and every mistake named with its place, rule and a hint. */
class ReportSectionTest {
    private static final String HEAD = """
            repositories:
              main: {location: /srv/pilotlight}
            disks:
              web1: {source: /dev/sda, schedule: every 15m, rpo: 30m}
            """;

    @Test
    void aReportTakesTheDefaultsOfAWeekInHtml() {
        ConfigResult result = new ConfigParser().parse("p.yaml", HEAD + """
                reports:
                  weekly: {schedule: weekly mon 07:00, directory: /var/lib/pilotlight/reports}
                  daily: {schedule: daily 06:00, period: 1d, format: md, directory: /srv/r, email: ops-mail}
                alerts:
                  channels:
                    ops-mail: {type: email, host: smtp.example.org, from: dr@example.org, to: [ops@example.org]}
                """);
        assertThat(result.problems()).isEmpty();
        ReportConfig weekly = result.config().orElseThrow().reports().get("weekly");
        assertThat(weekly.period()).isEqualTo(Duration.ofDays(7));
        assertThat(weekly.format()).isEqualTo("html");
        assertThat(weekly.directory()).isEqualTo(Path.of("/var/lib/pilotlight/reports"));
        assertThat(weekly.email()).isEmpty();
        ReportConfig daily = result.config().orElseThrow().reports().get("daily");
        assertThat(daily.email()).isEqualTo(Optional.of("ops-mail"));
        assertThat(daily.format()).isEqualTo("md");
    }

    @Test
    void eachMistakeIsNamed() {
        List<String> problems = new ConfigParser().parse("p.yaml", HEAD + """
                reports:
                  a: {schedule: weekly mon 07:00}
                  b: {schedule: daily 06:00, directory: reports, format: pdf, period: soon}
                  c: {schedule: daily 06:00, directory: /r, email: "ops mail"}
                  web1: {schedule: daily 06:00, directory: /r}
                """).problems().stream().map(ConfigProblem::format).toList();
        assertThat(problems).hasSize(6);
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("p.yaml:6:6: error: reports.a.directory: missing required"
                + " key 'directory'"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("reports.b.directory").contains("absolute"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("reports.b.format").contains("pdf"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("reports.b.period").contains("soon"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("reports.c.email"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("reports.web1: name 'web1' is already used by"
                + " disks.web1"));
    }
}
