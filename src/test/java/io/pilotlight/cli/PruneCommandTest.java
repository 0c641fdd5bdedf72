package io.pilotlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pilotlight.repo.Lease;
import io.pilotlight.repo.Repository;
import io.pilotlight.store.DirectoryObjectStore;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PruneCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private String repoWithAForgottenDisk() throws Exception {
        String repo = dir.resolve("repo").toString();
        assertThat(CliRun.run("init", "--repo", repo).exitCode()).isZero();
        Random random = new Random(3);
        for (String disk : new String[] {"gone", "kept"}) {
            Path image = dir.resolve(disk + ".img");
            try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
                file.setLength(4 << 20);
                byte[] data = new byte[1 << 20];
                random.nextBytes(data);
                file.write(data);
            }
            CliRun run = CliRun.run("replicate", "--repo", repo, "--disk", disk, "--source", "file:" + image);
            assertThat(run.exitCode()).as(run.err()).isZero();
        }
        try (DirectoryObjectStore store = new DirectoryObjectStore(Path.of(repo))) {
            for (var info : store.list("points/gone/")) {
                store.delete(info.key());
            }
        }
        return repo;
    }

    @Test
    void prunePlansPrintsOneSummaryLineAndJson() throws Exception {
        String repo = repoWithAForgottenDisk();

        CliRun dry = CliRun.run("prune", "--repo", repo, "--dry-run");
        assertThat(dry.exitCode()).as(dry.err()).isZero();
        assertThat(dry.out().strip()).startsWith("would delete 0 packs").contains("would plan 1 packs")
                .doesNotContain("\n");
        CliRun plan = CliRun.run("prune", "--repo", repo, "--json");
        assertThat(plan.exitCode()).as(plan.err()).isZero();
        JsonNode result = JSON.readTree(plan.out());
        assertThat(result.get("plannedPacks").asInt()).isEqualTo(1);
        assertThat(result.get("newPlan").asText()).matches("\\d{8}-\\d{9}-[0-9a-f]{4}");
        assertThat(result.get("packsDeleted").asInt()).isZero();
        // Every request through the metered store, reads and listings included, as the summary line says.
        long requests = result.get("requests").asLong();
        assertThat(requests).isGreaterThan(4);
        assertThat(plan.err()).contains("store: " + requests + " requests");

        CliRun done = CliRun.run("prune", "--repo", repo, "--grace", "0s", "--allow-short-grace");
        assertThat(done.exitCode()).as(done.err()).isZero();
        assertThat(done.out()).startsWith("deleted 1 packs");
        assertThat(CliRun.run("verify", "--repo", repo, "--read-data").exitCode()).isZero();
    }

    @Test
    void aGraceUnderAMinuteIsAUsageErrorWithoutTheFlag() throws Exception {
        String repo = repoWithAForgottenDisk();

        CliRun run = CliRun.run("prune", "--repo", repo, "--grace", "30s");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("grace PT30S is too short: it must be at least PT1M");
    }

    @Test
    void aSecondPruneExitsLockedNamingTheHolder() throws Exception {
        String repo = repoWithAForgottenDisk();
        try (Lease held = Repository.open(new DirectoryObjectStore(Path.of(repo))).packs().pruneLease()) {
            CliRun run = CliRun.run("prune", "--repo", repo);

            assertThat(run.exitCode()).isEqualTo(ExitCodes.LOCKED);
            assertThat(run.err()).contains("pid " + ProcessHandle.current().pid()).contains("locks/_prune");
        }
    }

    @Test
    void statsShowsEachDiskAndTheRepository() throws Exception {
        String repo = repoWithAForgottenDisk();

        CliRun table = CliRun.run("stats", "--repo", repo);
        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out()).startsWith("DISK").contains("kept").doesNotContain("gone")
                .contains("repository: ").contains(" unused (");
        CliRun json = CliRun.run("stats", "--repo", repo, "--disk", "kept", "--json");
        JsonNode report = JSON.readTree(json.out());
        assertThat(report.get("disks").get(0).get("disk").asText()).isEqualTo("kept");
        assertThat(report.get("disks").get(0).get("logicalBytes").asLong()).isEqualTo(4 << 20);
        assertThat(report.get("unusedBytes").asLong()).isGreaterThan(1 << 20);
        assertThat(Files.exists(Path.of(repo, "config"))).isTrue();
    }
}
