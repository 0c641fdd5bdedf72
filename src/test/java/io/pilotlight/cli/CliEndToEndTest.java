package io.pilotlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line against the real repository, replicator, restorer and verifier. */
class CliEndToEndTest {
    @TempDir
    Path temp;

    @Test
    void initReplicateListRestoreVerify() throws Exception {
        Path repository = temp.resolve("repo");
        Path image = temp.resolve("disk.img");
        byte[] content = new byte[3 << 20];
        new Random(1).nextBytes(content);
        Arrays.fill(content, 1 << 20, 2 << 20, (byte) 0);
        Files.write(image, content);
        String repo = repository.toString();

        assertThat(CliRun.run("init", "--repo", repo).exitCode()).isZero();
        assertThat(CliRun.run("init", "--repo", repo).exitCode()).as("init twice").isEqualTo(3);

        CliRun replicate = CliRun.run("replicate", "--repo", repo, "--disk", "vm-1", "--source", "file:" + image);
        assertThat(replicate.exitCode()).as(replicate.err()).isZero();
        String pointId = replicate.out().strip();
        assertThat(replicate.err()).contains("vm-1: point " + pointId + " (full pass)");

        CliRun points = CliRun.run("points", "--repo", repo, "--json");
        assertThat(points.exitCode()).isZero();
        JsonNode array = new ObjectMapper().readTree(points.out());
        assertThat(array).hasSize(1);
        assertThat(array.get(0).get("id").asText()).isEqualTo(pointId);
        assertThat(array.get(0).get("diskSize").asLong()).isEqualTo(content.length);

        Path restored = temp.resolve("restored.img");
        CliRun restore = CliRun.run("restore", "--repo", repo, "--disk", "vm-1", "--to", restored.toString());
        assertThat(restore.exitCode()).as(restore.err()).isZero();
        assertThat(Files.readAllBytes(restored)).isEqualTo(content);
        assertThat(CliRun.run("restore", "--repo", repo, "--disk", "vm-1", "--to", restored.toString()).exitCode())
                .as("target exists").isEqualTo(9);
        assertThat(CliRun.run("restore", "--repo", repo, "--disk", "vm-2", "--to", temp.resolve("x").toString())
                .exitCode()).as("unknown disk").isEqualTo(8);

        CliRun verify = CliRun.run("verify", "--repo", repo, "--read-data");
        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out()).startsWith("no faults: 1 points");
    }

    @Test
    void demoProvesBothRestores() {
        CliRun demo = CliRun.run("demo", "--dir", temp.resolve("demo").toString(), "--size", "32M", "--data", "4M");

        assertThat(demo.exitCode()).as(demo.err()).isZero();
        assertThat(demo.out()).contains("✓ matches source").doesNotContain("DIFFERS");
        assertThat(temp.resolve("demo")).doesNotExist();
    }
}
