package io.pilotlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pilotlight.recovery.restore.RestoreResult;
import io.pilotlight.repo.PointInfo;
import io.pilotlight.repo.check.VerifyReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonAndTableTest {
    private static final PointInfo FIRST = new PointInfo("vm-1", "0001a2b3c4d5", Optional.empty(),
            Instant.parse("2025-03-01T12:00:03Z"), 1L << 30, "sha256:aa", "file:/srv/vm-1.img", true,
            100L << 20, 100L << 20, 101L << 20, 1L << 30, 3200, List.of());
    private static final PointInfo SECOND = new PointInfo("vm-1", "0002e5f6a7b8", Optional.of("0001a2b3c4d5"),
            Instant.parse("2025-03-01T12:15:00.250Z"), 1L << 30, "sha256:bb", "file:/srv/vm-1.img", false,
            20L << 20, 10L << 20, 10L << 20, 20L << 20, 850, List.of("change tracking lost: full pass"));

    @Test
    void pointsJsonIsAnArrayWithEveryField() throws Exception {
        JsonNode array = printAndParse(Json.array(List.of(FIRST, SECOND)));

        assertThat(array.isArray()).isTrue();
        assertThat(array).hasSize(2);
        List<String> names = new ArrayList<>();
        array.get(0).fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("disk", "id", "parent", "created", "diskSize", "digest", "source",
                "fullPass", "changedBytes", "newBytes", "storedBytes", "readBytes", "durationMillis", "warnings");
        assertThat(array.get(0).get("parent").isNull()).isTrue();
        assertThat(array.get(1).get("parent").asText()).isEqualTo("0001a2b3c4d5");
        assertThat(array.get(1).get("created").asText()).isEqualTo("2025-03-01T12:15:00.250Z");
        assertThat(array.get(0).get("diskSize").asLong()).isEqualTo(1L << 30);
        assertThat(array.get(0).get("fullPass").asBoolean()).isTrue();
        assertThat(array.get(1).get("warnings").get(0).asText()).isEqualTo("change tracking lost: full pass");
    }

    @Test
    void restoreAndVerifyJson() throws Exception {
        JsonNode restore = printAndParse(Json.object(new RestoreResult(Path.of("/tmp/vm-1.img"), "vm-1",
                "20260101-000000000-abcd", 1L << 30, 5, "sha256:aa", 7)));
        assertThat(restore.get("target").asText()).isEqualTo("/tmp/vm-1.img");
        assertThat(restore.get("digest").asText()).isEqualTo("sha256:aa");

        JsonNode verify = printAndParse(Json.object(new VerifyReport(2, 0, 1, 10, 1024, List.of("point x: pack y missing"))));
        assertThat(verify.get("faults").get(0).asText()).isEqualTo("point x: pack y missing");
        assertThat(verify.get("points").asInt()).isEqualTo(2);
    }

    @Test
    void pointsTable() {
        StringWriter out = new StringWriter();
        PointFormat.table(List.of(FIRST, SECOND), Map.of(), new PrintWriter(out));

        assertThat(out.toString().lines()).containsExactly(
                "DISK  POINT         TIME (UTC)           SIZE     CHANGED    STORED     DURATION  BOOTS",
                "vm-1  0001a2b3c4d5  2025-03-01 12:00:03  1.0 GiB  100.0 MiB  101.0 MiB  3.2 s     -",
                "vm-1  0002e5f6a7b8  2025-03-01 12:15:00  1.0 GiB  20.0 MiB   10.0 MiB   850 ms    -");
    }

    @Test
    void replicateSummary() {
        assertThat(PointFormat.summary(SECOND)).isEqualTo("vm-1: point 0002e5f6a7b8 (incremental): read 20.0 MiB, "
                + "changed 20.0 MiB, new 10.0 MiB, stored 10.0 MiB in 850 ms, 1 warning(s)");
    }

    @Test
    void verifySummary() {
        assertThat(VerifyCommand.summary(new VerifyReport(2, 0, 1, 0, 0, List.of())))
                .isEqualTo("no faults: 2 points, 1 packs");
        assertThat(VerifyCommand.summary(new VerifyReport(2, 1, 1, 0, 0, List.of())))
                .isEqualTo("no faults: 2 points, 1 group points, 1 packs");
        assertThat(VerifyCommand.summary(new VerifyReport(2, 0, 1, 10, 1 << 20, List.of("a", "b"))))
                .isEqualTo("2 fault(s) in 2 points, 1 packs, 10 chunks (1.0 MiB) read");
    }

    private static JsonNode printAndParse(JsonNode node) throws Exception {
        StringWriter out = new StringWriter();
        Json.print(node, new PrintWriter(out));
        return new ObjectMapper().readTree(out.toString());
    }
}
