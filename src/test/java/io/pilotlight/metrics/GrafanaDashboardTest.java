package io.pilotlight.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pilotlight.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/grafana-dashboard.json queries only metrics a scrape has, through its datasource variable. */
class GrafanaDashboardTest {
    private static final Path DASHBOARD = Path.of("docs/grafana-dashboard.json");
    private static final Pattern METRIC = Pattern.compile("\\b(?:pilotlight|jvm|process|system)_[a-z0-9_]+");

    private final JsonNode dashboard = read();

    private static JsonNode read() {
        try {
            return new ObjectMapper().readTree(DASHBOARD.toFile());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DASHBOARD, e);
        }
    }

    @Test
    void everyMetricItQueriesIsInAScrape() {
        Set<String> queried = new TreeSet<>();
        for (String expr : expressions()) {
            Matcher matcher = METRIC.matcher(expr);
            while (matcher.find()) {
                queried.add(matcher.group());
            }
        }
        Set<String> scraped = new TreeSet<>();
        try (DaemonMetrics metrics = new DaemonMetrics(new MutableClock(Instant.parse("2026-12-03T11:00:00Z")))) {
            PrometheusText.parse(MetricNamesTest.fullScrape(metrics)).samples().forEach(s -> scraped.add(s.name()));
        }

        assertThat(queried).contains("pilotlight_disk_rpo_ratio", "pilotlight_disk_rpo_seconds",
                "pilotlight_disk_rpo_target_seconds", "pilotlight_job_last_run_success", "pilotlight_job_runs_total",
                "pilotlight_job_stored_bytes_total", "pilotlight_job_cbt_fallbacks_total",
                "pilotlight_follower_lag_seconds");
        assertThat(scraped).containsAll(queried);
    }

    @Test
    void itHasADatasourceVariableThatEveryPanelUses() {
        assertThat(dashboard.path("schemaVersion").asInt()).isEqualTo(39);
        assertThat(dashboard.path("templating").path("list")).anySatisfy(variable -> {
            assertThat(variable.path("type").asText()).isEqualTo("datasource");
            assertThat(variable.path("name").asText()).isEqualTo("datasource");
            assertThat(variable.path("query").asText()).isEqualTo("prometheus");
        });
        assertThat(dashboard.path("panels")).allSatisfy(panel -> {
            assertThat(panel.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
            assertThat(panel.path("targets")).isNotEmpty()
                    .allSatisfy(target -> assertThat(target.path("datasource").path("uid").asText())
                            .isEqualTo("${datasource}"));
        });
    }

    @Test
    void theRpoRatioPanelColoursAtOneTwoAndFour() {
        JsonNode panel = panelQuerying("pilotlight_disk_rpo_ratio");
        List<String> steps = new ArrayList<>();
        panel.path("fieldConfig").path("defaults").path("thresholds").path("steps")
                .forEach(step -> steps.add(step.path("color").asText() + "@" + step.path("value").asText()));

        assertThat(steps).containsExactly("green@null", "yellow@1", "orange@2", "red@4");
    }

    private JsonNode panelQuerying(String metric) {
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                if (target.path("expr").asText().contains(metric)) {
                    return panel;
                }
            }
        }
        throw new AssertionError("no panel queries " + metric);
    }

    /** Every panel query and every variable query. */
    private List<String> expressions() {
        List<String> found = new ArrayList<>();
        dashboard.path("panels").forEach(panel -> panel.path("targets")
                .forEach(target -> found.add(target.path("expr").asText())));
        dashboard.path("templating").path("list").forEach(variable -> {
            if (variable.path("type").asText().equals("query")) {
                found.add(variable.path("query").path("query").asText());
            }
        });
        return found;
    }
}
