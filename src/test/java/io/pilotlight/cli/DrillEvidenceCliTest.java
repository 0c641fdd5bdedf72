package io.pilotlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pilotlight.repo.DrillRecord;
import io.pilotlight.repo.Hash;
import io.pilotlight.repo.Repository;
import io.pilotlight.store.DirectoryObjectStore;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drill evidence on the command line, from records stored through the library (the slow DrillCommandTest
 * records them by booting): the BOOTS column of {@code points}, {@code points --json}, {@code drill --show}.
 */
class DrillEvidenceCliTest {
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 7};

    @TempDir
    Path dir;

    private static DrillRecord record(boolean group, String name, String point, boolean passed, boolean screenshot) {
        List<DrillRecord.Check> checks = List.of(new DrillRecord.Check("heartbeat", passed, 14_200,
                passed ? "serial: PILOTLIGHT-HEARTBEAT" : "no serial line matched /x/ within 14.2 s"));
        Instant started = Instant.parse("2026-12-03T10:00:00Z");
        return new DrillRecord(DrillRecord.FORMAT, Repository.newPointId(started, Optional.empty()),
                group ? DrillRecord.GROUP : DrillRecord.DISK, name, point, List.of(new DrillRecord.Disk(name, point)),
                started.toString(), 31_000, passed, "tcg", "asked for", checks, List.of("SYSLINUX", "last line"), "test",
                screenshot ? new DrillRecord.Screenshot(Hash.of(PNG).hex(), PNG.length) : null, List.of());
    }

    @Test
    void pointsShowsTheNewestDrillOfEachPointAndDrillShowFetchesItsScreenshot() throws Exception {
        String repo = dir.resolve("repo").toString();
        Path image = dir.resolve("d1.img");
        Files.write(image, new byte[1 << 20]);
        assertThat(CliRun.run("init", "--repo", repo).exitCode()).isZero();
        String[] ids = new String[3];
        for (int i = 0; i < 3; i++) {
            CliRun replicate = CliRun.run("replicate", "--repo", repo, "--disk", "d1", "--source", image.toString());
            assertThat(replicate.exitCode()).as(replicate.err()).isZero();
            ids[i] = replicate.out().strip();
        }
        Repository repository = Repository.open(new DirectoryObjectStore(Path.of(repo)));
        String passed = repository.recordDrill(record(false, "d1", ids[0], true, true), Optional.of(PNG));
        repository.recordDrill(record(false, "d1", ids[1], false, false), Optional.empty());

        CliRun table = CliRun.run("points", "--repo", repo);

        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out().lines().toList()).hasSize(4).satisfies(lines -> {
            assertThat(lines.get(0)).endsWith("BOOTS");
            assertThat(lines.get(1)).contains(ids[0]).endsWith("yes 14.2 s");
            assertThat(lines.get(2)).contains(ids[1]).endsWith("FAILED heartbeat");
            assertThat(lines.get(3)).contains(ids[2]).endsWith("  -");
        });

        JsonNode json = new ObjectMapper().readTree(CliRun.run("points", "--repo", repo, "--json").out());
        JsonNode drill = json.get(0).get("drill");
        assertThat(drill.get("key").asText()).isEqualTo(passed);
        assertThat(drill.get("passed").asBoolean()).isTrue();
        assertThat(drill.get("accelerator").asText()).isEqualTo("tcg");
        assertThat(drill.get("checks").get(0).get("elapsedMillis").asLong()).isEqualTo(14_200);
        assertThat(drill.get("screenshotKey").asText()).isEqualTo(passed + ".png");
        assertThat(json.get(1).get("drill").get("screenshot").isNull()).isTrue();
        assertThat(json.get(2).get("drill").isNull()).isTrue();

        Path png = dir.resolve("out.png");
        CliRun show = CliRun.run("drill", "--repo", repo, "--disk", "d1", "--point", ids[0], "--screenshot",
                png.toString());
        assertThat(show.exitCode()).as(show.err()).isZero();
        assertThat(show.out()).contains("drill ", "of disk d1 point " + ids[0] + ": passed under tcg (asked for)",
                "heartbeat ok at 14.2 s: serial: PILOTLIGHT-HEARTBEAT", "evidence: " + passed, "    last line");
        assertThat(png).hasBinaryContent(PNG);
        assertThat(CliRun.run("drill", "--repo", repo, "--disk", "d1", "--point", ids[1], "--show").exitCode())
                .isEqualTo(ExitCodes.FAULTS_FOUND);
        CliRun never = CliRun.run("drill", "--repo", repo, "--disk", "d1", "--show");
        assertThat(never.exitCode()).isEqualTo(ExitCodes.UNKNOWN_DISK_OR_POINT);
        assertThat(never.err()).contains("point " + ids[2] + " of disk d1 was never drilled");
    }

    @Test
    void aCorruptDrillRecordIsAQuestionMarkAndAWarningNamingIt() throws Exception {
        String repo = dir.resolve("repo").toString();
        Path image = dir.resolve("d1.img");
        Files.write(image, new byte[1 << 20]);
        assertThat(CliRun.run("init", "--repo", repo).exitCode()).isZero();
        String id = CliRun.run("replicate", "--repo", repo, "--disk", "d1", "--source", image.toString()).out().strip();
        Repository repository = Repository.open(new DirectoryObjectStore(Path.of(repo)));
        String key = repository.recordDrill(record(false, "d1", id, true, false), Optional.empty());
        try (RandomAccessFile file = new RandomAccessFile(Path.of(repo).resolve(key).toFile(), "rw")) {
            file.seek(30);
            file.write(0xff);
        }

        CliRun table = CliRun.run("points", "--repo", repo);

        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out().lines().toList().get(1)).endsWith("  ?");
        assertThat(table.err()).contains("warning: drill record unreadable: " + key + ": checksum mismatch");
        CliRun json = CliRun.run("points", "--repo", repo, "--json");
        assertThat(new ObjectMapper().readTree(json.out()).get(0).get("drill").get("unreadable").asText())
                .startsWith(key + ": checksum mismatch");
        CliRun show = CliRun.run("drill", "--repo", repo, "--disk", "d1", "--show");
        assertThat(show.exitCode()).isEqualTo(ExitCodes.CORRUPT_DATA);
        assertThat(show.err()).contains(key + ": checksum mismatch");
    }

    @Test
    void aGroupPointShowsItsDrillOnItsFirstRow() throws Exception {
        String repo = dir.resolve("repo").toString();
        Path os = dir.resolve("os.img");
        byte[] bytes = new byte[1 << 20];
        new Random(3).nextBytes(bytes);
        Files.write(os, bytes);
        Files.write(dir.resolve("data.img"), new byte[1 << 20]);
        assertThat(CliRun.run("init", "--repo", repo).exitCode()).isZero();
        CliRun replicate = CliRun.run("replicate", "--repo", repo, "--group", "vm1", "--source", "os=" + os,
                "--source", "data=" + dir.resolve("data.img"));
        assertThat(replicate.exitCode()).as(replicate.err()).isZero();
        String groupId = replicate.out().strip();
        Repository.open(new DirectoryObjectStore(Path.of(repo))).recordDrill(record(true, "vm1", groupId, true,
                false), Optional.empty());

        CliRun table = CliRun.run("points", "--repo", repo, "--group", "vm1");

        assertThat(table.out().lines().toList()).hasSize(3).satisfies(lines -> {
            assertThat(lines.get(0)).endsWith("BOOTS");
            assertThat(lines.get(1)).contains(groupId, "os").endsWith("yes 14.2 s");
            assertThat(lines.get(2)).contains("data").doesNotContain("yes");
        });
        JsonNode json = new ObjectMapper().readTree(CliRun.run("points", "--repo", repo, "--group", "vm1", "--json")
                .out());
        assertThat(json.get(0).get("drill").get("target").asText()).isEqualTo("group");
    }
}
