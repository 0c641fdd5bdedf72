package io.pilotlight.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pilotlight.daemon.DaemonPlan;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.pilotlight.testing.Slow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status page served by a real daemon in-process on fake time (real file sources, a directory
 * repository, a follower): what /, a disk's and a group's page and their JSON say before and after
 * a disk goes late, and the token rules.
 */
@Slow
class StatusPageDaemonTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(String url, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void thePageShowsEachDiskAndGroupAndADiskGoingLate() throws Exception {
        try (StatusDaemon status = new StatusDaemon(dir, LOOPBACK, Optional.empty(), Duration.ofSeconds(5), true)
                .start()) {
            String page = get(status.url("/")).body();
            assertThat(page).contains("data-state=\"compliant\"").contains("id=\"row-disk-db-1\"")
                    .contains("<tr class=\"ok\" id=\"row-group-web\" data-state=\"compliant\">")
                    .contains("Standby db-1-dr").contains("web-sda, web-sdb").contains("weekly-check")
                    .contains("<meta http-equiv=\"refresh\" content=\"5\">").contains("<polyline");
            assertThat(get(status.url("/groups/web")).body()).contains("group web").contains("Restore points");
            assertThat(page).contains("never drilled");
            status.recordDrill(false, 120);
            assertThat(get(status.url("/disks/db-1")).body()).contains("drill failed").contains(
                    "heartbeat: no serial line matched within 14.2 s");
            status.recordDrill(true, 60);
            assertThat(get(status.url("/disks/db-1")).body()).contains("<span class=\"state ok\">proven bootable</span>");

            status.makeDiskLate();

            assertThat(get(status.url("/")).body()).contains("<tr class=\"late\" id=\"row-disk-db-1\" data-state="
                    + "\"exceeded\">").contains("<span class=\"state late\">exceeded</span>").contains("db-1.img");
            JsonNode overview = JSON.readTree(get(status.url("/api/overview")).body());
            JsonNode disk = overview.path("items").get(0);
            assertThat(disk.path("name").asText()).isEqualTo("db-1");
            assertThat(disk.path("state").asText()).isEqualTo("EXCEEDED");
            assertThat(disk.path("ageSeconds").asLong()).isBetween(25 * 60L, 30 * 60L);
            assertThat(disk.path("lastError").asText()).startsWith("replicate db-1 failed: ").contains("db-1.img");
            assertThat(disk.path("standbys").get(0).path("point").asText()).isNotEmpty();
            assertThat(overview.path("items").get(1).path("state").asText()).isEqualTo("COMPLIANT");

            HttpResponse<String> diskPage = get(status.url("/disks/db-1"));
            assertThat(diskPage.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(policy ->
                    assertThat(policy).contains("default-src 'none'"));
            assertThat(diskPage.body()).contains("<tr class=\"failed\">").contains("RPO, last week")
                    .containsPattern("[0-9]+ runs on record, [0-9]+ failed");
            JsonNode runs = JSON.readTree(get(status.url("/api/disks/db-1")).body()).path("runs");
            assertThat(runs.size()).isGreaterThan(96);
            assertThat(get(status.url("/disks/nope")).statusCode()).isEqualTo(404);
            assertThat(get(status.url("/api/groups/nope")).body()).contains("/disks/db-1, /groups/web");
            assertThat(JSON.readTree(get(status.url("/api/status")).body()).path("disks")).hasSize(3);
        }
    }

    @Test
    void withATokenEveryRouteNeedsItAndABrowserLogsInOnce() throws Exception {
        try (StatusDaemon status = new StatusDaemon(dir, LOOPBACK, Optional.of("s3cret"), Duration.ofSeconds(5),
                false).start()) {
            HttpResponse<String> anonymous = get(status.url("/"));
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.body()).contains("Token required").contains("name=\"token\"");
            assertThat(get(status.url("/api/overview")).statusCode()).isEqualTo(401);
            assertThat(get(status.url("/metrics")).statusCode()).isEqualTo(401);
            assertThat(get(status.url("/disks/db-1"), "Authorization", "Bearer s3cret").statusCode()).isEqualTo(200);

            HttpResponse<String> login = get(status.url("/disks/db-1?token=s3cret"));
            assertThat(login.statusCode()).isEqualTo(303);
            assertThat(login.headers().firstValue("Location")).contains("/disks/db-1");
            String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
            assertThat(cookie).doesNotContain("s3cret");
            assertThat(get(status.url("/"), "Cookie", cookie).body()).contains("row-disk-db-1");
            HttpResponse<String> run = http.send(HttpRequest.newBuilder(URI.create(status.url("/api/jobs/db-1/run")))
                    .header("Cookie", cookie).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(run.statusCode()).as("the cookie admits GET only").isEqualTo(401);
        }
    }

    @Test
    void aListenerOffLoopbackWithoutATokenIsRefused() {
        assertThatThrownBy(() -> new DaemonPlan(List.of(), Map.of(), new InetSocketAddress("0.0.0.0", 9811),
                Optional.empty())).hasMessage("listener 0.0.0.0:9811 is not a loopback address: it needs a bearer"
                + " token (listener.token), or listen on 127.0.0.1");
        assertThat(new DaemonPlan(List.of(), Map.of(), new InetSocketAddress("0.0.0.0", 9811), Optional.of("t"))
                .loopbackOnly()).isFalse();
        assertThat(new DaemonPlan(List.of(), Map.of(), LOOPBACK, Optional.empty()).loopbackOnly()).isTrue();
    }
}
