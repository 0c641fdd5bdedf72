package io.pilotlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pilotlight.testing.ChildJvm;
import io.pilotlight.testing.Slow;
import io.pilotlight.testing.VsphereSim;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6's "done when", on the command line: a three-disk simulated VM through six rounds of
 * {@code replicate --group web1 --source vsphere://…} with writes between rounds, one round after the
 * server forgot its change ids, and one round killed with SIGKILL while it reads. Every group point
 * restores every disk byte-identical to the disk at its snapshot, and the VM has no snapshot left
 * after every round but the killed one, whose snapshot the next round removes.
 */
@Timeout(600)
@Slow
class VsphereGroupCliTest {
    private static final int GRAIN = 64 * 1024;
    private static final long MIB = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final Random random = new Random(42);
    /** Copies of every disk as it was at each committed group point, by group point id. */
    private final Map<String, List<Path>> frozen = new HashMap<>();

    @Test
    void sixRoundsOfAThreeDiskVmRestoreByteIdentical() throws Exception {
        try (VsphereSim sim = VsphereSim.start(dir.resolve("sim"),
                new VsphereSim.VmSpec("web1", 48 * MIB, 8 * MIB, 4 * MIB))) {
            Path passwordFile = Files.writeString(dir.resolve("password"), sim.password() + "\n");
            String repo = dir.resolve("repo").toString();
            assertThat(CliRun.run("init", "--repo", repo).exitCode()).isZero();
            List<String> args = List.of("replicate", "--repo", repo, "--group", "web1", "--json", "--source",
                    "vsphere://" + sim.username() + "@" + sim.host() + ":" + sim.port() + "/web1",
                    "--vsphere-password-file", passwordFile.toString(), "--thumbprint", sim.thumbprint());

            scribble(sim, 0, 200);
            scribble(sim, 1, 30);
            scribble(sim, 2, 10);
            JsonNode first = round(sim, args, "--enable-cbt");
            assertThat(first.at("/point/warnings").toString()).contains("turned on");
            assertThat(first.get("disks")).hasSize(3).allSatisfy(disk -> assertThat(disk.get("fullPass").asBoolean()).isTrue());

            scribble(sim, 0, 5);
            scribble(sim, 2, 1);
            JsonNode second = round(sim, args);
            assertThat(second.get("disks")).allSatisfy(disk -> assertThat(disk.get("fullPass").asBoolean()).isFalse());
            assertThat(second.at("/disks/1/readBytes").asLong()).isZero();
            assertThat(second.at("/disks/2/readBytes").asLong()).isEqualTo(GRAIN);

            sim.resetChangeTracking("web1");
            scribble(sim, 1, 3);
            JsonNode third = round(sim, args);
            assertThat(third.get("disks")).allSatisfy(disk -> {
                assertThat(disk.get("fullPass").asBoolean()).isTrue();
                assertThat(disk.get("warnings").toString()).contains("vSphere rejected change id");
            });

            scribble(sim, 0, 40);
            killedRound(sim, args);
            assertThat(sim.snapshotCount("web1")).as("the killed run's snapshot").isEqualTo(1);

            scribble(sim, 2, 4);
            JsonNode fifth = round(sim, args);
            assertThat(fifth.at("/point/warnings").toString()).contains("pilotlight-");

            scribble(sim, 0, 7);
            scribble(sim, 1, 7);
            JsonNode sixth = round(sim, args);
            assertThat(sixth.get("disks")).allSatisfy(disk -> assertThat(disk.get("fullPass").asBoolean()).isFalse());
        }

        CliRun points = CliRun.run("points", "--repo", dir.resolve("repo").toString(), "--group", "web1", "--json");
        JsonNode groupPoints = JSON.readTree(points.out());
        assertThat(groupPoints).as("five committed rounds; the killed one left no group point").hasSize(5);
        for (JsonNode point : groupPoints) {
            List<Path> disks = frozen.get(point.get("id").asText());
            assertThat(disks).as("group point %s was printed by a round", point.get("id")).isNotNull();
            for (int i = 0; i < 3; i++) {
                JsonNode member = point.get("disks").get(i);
                Path restored = dir.resolve("restored-" + point.get("id").asText() + "-" + i);
                CliRun restore = CliRun.run("restore", "--repo", dir.resolve("repo").toString(), "--disk",
                        member.get("disk").asText(), "--point", member.get("point").asText(), "--to", restored.toString());
                assertThat(restore.exitCode()).as(restore.err()).isZero();
                assertThat(Files.mismatch(restored, disks.get(i))).as("%s of %s", member.get("name"), point.get("id"))
                        .isEqualTo(-1);
                Files.delete(restored);
            }
        }
        CliRun verify = CliRun.run("verify", "--repo", dir.resolve("repo").toString());
        assertThat(verify.exitCode()).as(verify.out()).isZero();
        assertThat(verify.out()).contains("5 group points");
    }

    /** One replicate run; the disks do not change while it runs, so their copies now are the snapshot's. */
    private JsonNode round(VsphereSim sim, List<String> args, String... extra) throws IOException {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(extra));
        CliRun run = CliRun.run(all.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(sim.snapshotCount("web1")).as("snapshots after a round").isZero();
        JsonNode result = JSON.readTree(run.out());
        List<Path> copies = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Path copy = dir.resolve("frozen-" + result.at("/point/id").asText() + "-" + i);
            Files.copy(sim.diskFile("web1", i), copy);
            copies.add(copy);
        }
        frozen.put(result.at("/point/id").asText(), copies);
        return result;
    }

    /**
     * A replicate in a child JVM, SIGKILLed while it reads the disks: the simulator holds every datastore
     * read, so once one is held (after the snapshot, which comes first) the run is mid-way and cannot
     * finish before the kill.
     */
    private void killedRound(VsphereSim sim, List<String> args) throws Exception {
        Path log = dir.resolve("killed.log");
        sim.holdReads(true);
        Process child = ChildJvm.start("256m", Main.class, log, args.toArray(String[]::new));
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (sim.heldReads() == 0) {
                assertThat(child.isAlive()).as("the child ended before it read the disks; log %s", log).isTrue();
                assertThat(System.nanoTime()).as("no datastore read in 60 s").isLessThan(deadline);
                Thread.sleep(5); // polling interval only: the event waited for is the held read
            }
            assertThat(sim.snapshotCount("web1")).as("the snapshot is taken before the disks are read").isEqualTo(1);
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            sim.holdReads(false);
        }
        assertThat(child.exitValue()).as("killed, not finished; log %s", log).isEqualTo(137);
    }

    private void scribble(VsphereSim sim, int disk, int grains) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(sim.diskFile("web1", disk).toFile(), "rw")) {
            long count = file.length() / GRAIN;
            for (int i = 0; i < grains; i++) {
                byte[] bytes = new byte[GRAIN];
                random.nextBytes(bytes);
                file.seek(random.nextLong(count) * GRAIN);
                file.write(bytes);
            }
        }
    }
}
