package io.pilotlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pilotlight.testing.DrillDisk;
import io.pilotlight.testing.Slow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pilotlight drill} end to end on the drill test disk, under TCG. */
@Slow
class DrillCommandTest {
    @TempDir
    Path dir;

    @Test
    void aPassingDrillExitsZeroAndAFailedCheckExitsSevenKeepingTheSerialLog() throws Exception {
        DrillDisk disk = DrillDisk.get();
        String repo = dir.resolve("repo").toString();
        assertThat(CliRun.run("--repo", repo, "init").exitCode()).isZero();
        assertThat(CliRun.run("--repo", repo, "replicate", "--disk", "web01", "--source", disk.image.toString())
                .exitCode()).isZero();

        CliRun passed = CliRun.run("--repo", repo, "drill", "--disk", "web01", "--accel", "tcg",
                "--port", DrillDisk.PORT + "=PILOTLIGHT-MARKER " + disk.marker, "--timeout", "90s");

        assertThat(passed.exitCode()).as(passed.err()).isZero();
        assertThat(passed.out()).matches("(?s)drill web01/\\S+: passed under tcg \\(asked for\\): heartbeat ok \\d+\\.\\d s,"
                + " port 7777 ok \\d+\\.\\d s\\n");
        assertThat(passed.err()).contains("drill: heartbeat ok at ", "drill: port 7777 ok at ",
                "drill: evidence recorded at drills/points/web01/");
        CliRun table = CliRun.run("--repo", repo, "points");
        assertThat(table.out().lines().toList().get(1)).as(table.out()).matches(".*  yes \\d.*");
        JsonNode drill = new ObjectMapper().readTree(CliRun.run("--repo", repo, "points", "--json").out()).get(0)
                .get("drill");
        assertThat(drill.get("passed").asBoolean()).isTrue();
        assertThat(drill.get("checks").get(1).get("name").asText()).isEqualTo("port 7777");
        assertThat(drill.get("checks").get(1).get("elapsedMillis").asLong()).isPositive();
        assertThat(drill.get("accelerator").asText()).isEqualTo("tcg");
        Path png = dir.resolve("screen.png");
        CliRun show = CliRun.run("--repo", repo, "drill", "--disk", "web01", "--show", "--screenshot", png.toString());
        assertThat(show.exitCode()).as(show.err()).isZero();
        assertThat(show.out()).contains("screenshot: " + drill.get("screenshotKey").asText());
        assertThat(ImageIO.read(png.toFile())).isNotNull();

        CliRun failed = CliRun.run("--repo", repo, "drill", "--disk", "web01", "--accel", "tcg",
                "--heartbeat", "NEVER-PRINTED", "--timeout", "8s", "--json");

        assertThat(failed.exitCode()).as(failed.err()).isEqualTo(ExitCodes.FAULTS_FOUND);
        assertThat(failed.out()).contains("\"passed\" : false", "no serial line matched /NEVER-PRINTED/ within");
        assertThat(failed.out()).contains("\"evidence\" : \"drills/points/web01/");
        Matcher log = Pattern.compile("\"serialLog\" : \"([^\"]+)\"").matcher(failed.out());
        assertThat(log.find()).as(failed.out()).isTrue();
        assertThat(Path.of(log.group(1))).exists();
        Files.delete(Path.of(log.group(1)));
        Files.delete(Path.of(log.group(1)).getParent()); // the drill's work directory, now empty
        assertThat(CliRun.run("--repo", repo, "points").out().lines().toList().get(1)).endsWith("  FAILED heartbeat");
        assertThat(CliRun.run("--repo", repo, "drill", "--disk", "web01", "--show").exitCode())
                .isEqualTo(ExitCodes.FAULTS_FOUND);
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertThat(CliRun.run("--repo", dir.toString(), "drill", "--disk", "d1", "--port", "x=y").exitCode())
                .isEqualTo(ExitCodes.USAGE);
        assertThat(CliRun.run("--repo", dir.toString(), "drill", "--disk", "d1", "--accel", "hyperv").exitCode())
                .isEqualTo(ExitCodes.USAGE);
        assertThat(CliRun.run("--repo", dir.toString(), "drill", "--disk", "d1", "--group", "g").exitCode())
                .isEqualTo(ExitCodes.USAGE);
        assertThat(CliRun.run("--repo", dir.toString(), "drill").err()).contains("--disk", "--group");
    }
}
