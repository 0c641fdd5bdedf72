package io.pilotlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pilotlight forget}: by policy and by id, for a disk, a group and all, and every refusal. */
class ForgetCommandTest {
    @TempDir
    Path temp;

    private final Random random = new Random(5);
    private String repo;
    private Path disk;

    @BeforeEach
    void setUp() throws IOException {
        repo = temp.resolve("repo").toString();
        disk = temp.resolve("d.img");
        Files.write(disk, new byte[1 << 20]);
        assertThat(CliRun.run("init", "--repo", repo).exitCode()).isZero();
    }

    /** Changes one grain of every {@code --source} file and replicates; returns the new point's id. */
    private String replicate(String... source) throws IOException {
        for (int i = 0; i < source.length - 1; i++) {
            if (!source[i].equals("--source")) {
                continue;
            }
            Path file = Path.of(source[i + 1].substring(source[i + 1].indexOf('=') + 1).replace("file:", ""));
            try (RandomAccessFile image = new RandomAccessFile(file.toFile(), "rw")) {
                byte[] grain = new byte[65536];
                random.nextBytes(grain);
                image.seek(65536L * random.nextInt(16));
                image.write(grain);
            }
        }
        List<String> args = new ArrayList<>(List.of("replicate", "--repo", repo));
        args.addAll(List.of(source));
        CliRun run = CliRun.run(args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isZero();
        return run.out().strip();
    }

    private List<String> diskPoints(String name) throws IOException {
        CliRun points = CliRun.run("points", "--repo", repo, "--disk", name, "--json");
        List<String> ids = new ArrayList<>();
        new ObjectMapper().readTree(points.out()).forEach(point -> ids.add(point.get("id").asText()));
        return ids;
    }

    private List<String> fourPoints() throws IOException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(replicate("--disk", "d1", "--source", disk.toString()));
        }
        return ids;
    }

    @Test
    void aDryRunShowsEveryPointWithItsRulesAndRemovesNothing() throws Exception {
        List<String> ids = fourPoints();
        CliRun run = CliRun.run("forget", "--repo", repo, "--disk", "d1", "--keep-last", "2", "--dry-run");
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("disk d1: last 2 (zone UTC)");
        assertThat(lines.get(1)).matches("POINT +TIME \\(UTC\\) +ACTION +REASONS");
        assertThat(lines.get(2)).startsWith(ids.get(3)).endsWith("keep    newest, last 1");
        assertThat(lines.get(3)).startsWith(ids.get(2)).endsWith("keep    last 2");
        assertThat(lines.get(4)).startsWith(ids.get(1)).endsWith("remove  -");
        assertThat(lines.get(5)).startsWith(ids.get(0)).endsWith("remove  -");
        assertThat(run.err()).contains("dry run: would remove 2 of 4 points of disk d1");
        assertThat(diskPoints("d1")).isEqualTo(ids);
    }

    @Test
    void forgetRemovesTheManifestsAndLeavesTheDataForPrune() throws Exception {
        List<String> ids = fourPoints();
        CliRun run = CliRun.run("forget", "--repo", repo, "--disk", "d1", "--keep-last", "2", "--zone",
                "Europe/Berlin", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode result = new ObjectMapper().readTree(run.out()).get(0);
        assertThat(result.get("owner").asText()).isEqualTo("d1");
        assertThat(result.get("policy").asText()).isEqualTo("last 2 (zone Europe/Berlin)");
        assertThat(result.get("dryRun").asBoolean()).isFalse();
        assertThat(result.get("kept").asInt()).isEqualTo(2);
        assertThat(result.get("removed").asInt()).isEqualTo(2);
        assertThat(result.get("total").asInt()).isEqualTo(4);
        assertThat(result.get("points").get(0).get("reasons").toString()).isEqualTo("[\"newest\",\"last 1\"]");
        assertThat(result.get("points").get(3).get("keep").asBoolean()).isFalse();
        assertThat(run.err()).contains("removed 2 of 4 points of disk d1; run prune to free their data");
        assertThat(diskPoints("d1")).isEqualTo(ids.subList(2, 4));

        Path restored = temp.resolve("restored.img");
        CliRun restore = CliRun.run("restore", "--repo", repo, "--disk", "d1", "--point", ids.get(2), "--to",
                restored.toString());
        assertThat(restore.exitCode()).as(restore.err()).isZero();
        CliRun verify = CliRun.run("verify", "--repo", repo);
        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
    }

    @Test
    void forgetsOnePointById() throws Exception {
        List<String> ids = fourPoints();
        CliRun run = CliRun.run("forget", "--repo", repo, "--disk", "d1", "--point", ids.get(1));
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("disk d1: point " + ids.get(1) + "\n");
        assertThat(run.err()).contains("removed 1 of 1 points of disk d1; run prune to free their data");
        assertThat(diskPoints("d1")).containsExactly(ids.get(0), ids.get(2), ids.get(3));
    }

    @Test
    void refusals() throws Exception {
        List<String> ids = fourPoints();
        CliRun empty = CliRun.run("forget", "--repo", repo, "--disk", "d1");
        assertThat(empty.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(empty.err()).isEqualTo("pilotlight: retention policy is empty: give at least one --keep-* option"
                + " (to forget every point but the newest, say --keep-last 1)\n");
        CliRun newest = CliRun.run("forget", "--repo", repo, "--disk", "d1", "--point", "latest");
        assertThat(newest.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(newest.err()).isEqualTo("pilotlight: point d1/" + ids.get(3) + " is the newest point of disk d1:"
                + " it is the parent of the next replicate and is never forgotten\n");
        CliRun dryNewest = CliRun.run("forget", "--repo", repo, "--disk", "d1", "--point", ids.get(3), "--dry-run");
        assertThat(dryNewest.exitCode()).isEqualTo(ExitCodes.USAGE);
        CliRun unknownPoint = CliRun.run("forget", "--repo", repo, "--disk", "d1", "--point", "1999");
        assertThat(unknownPoint.exitCode()).isEqualTo(ExitCodes.UNKNOWN_DISK_OR_POINT);
        assertThat(unknownPoint.err()).isEqualTo("pilotlight: point '1999' of disk d1 does not exist; points: "
                + String.join(", ", ids) + "\n");
        CliRun unknownDisk = CliRun.run("forget", "--repo", repo, "--disk", "nope", "--keep-last", "1");
        assertThat(unknownDisk.exitCode()).isEqualTo(ExitCodes.UNKNOWN_DISK_OR_POINT);
        assertThat(unknownDisk.err()).startsWith("pilotlight: disk nope has no restore points in ")
                .endsWith("; disks: d1\n");
        CliRun both = CliRun.run("forget", "--repo", repo, "--disk", "d1", "--all", "--keep-last", "1");
        assertThat(both.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(both.err()).isEqualTo("pilotlight: forget needs exactly one of --disk, --group or --all\n");
        CliRun zero = CliRun.run("forget", "--repo", repo, "--disk", "d1", "--keep-daily", "0");
        assertThat(zero.err()).isEqualTo("pilotlight: --keep-daily must be >= 1 or unlimited, got '0'\n");
        CliRun zone = CliRun.run("forget", "--repo", repo, "--disk", "d1", "--keep-last", "1", "--zone", "Mars/Base");
        assertThat(zone.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(diskPoints("d1")).isEqualTo(ids);
        CliRun unlimited = CliRun.run("forget", "--repo", repo, "--disk", "d1", "--keep-last", "unlimited");
        assertThat(unlimited.exitCode()).as(unlimited.err()).isZero();
        assertThat(unlimited.out()).contains("disk d1: last unlimited (zone UTC)");
        assertThat(diskPoints("d1")).isEqualTo(ids);
    }

    @Test
    void aGroupForgetRemovesMembersWithTheirGroupPoint() throws Exception {
        Path data = temp.resolve("data.img");
        Files.write(data, new byte[1 << 20]);
        List<String> groupIds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            groupIds.add(replicate("--group", "vm1", "--source", "os=" + disk, "--source", "data=file:" + data));
        }
        List<String> os = diskPoints("vm1-os");
        assertThat(os).hasSize(3);

        CliRun member = CliRun.run("forget", "--repo", repo, "--disk", "vm1-os", "--point", os.get(0));
        assertThat(member.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(member.err()).isEqualTo("pilotlight: point vm1-os/" + os.get(0) + " is a member of group point vm1/"
                + groupIds.get(0) + ": it is forgotten only with its group point (pilotlight forget --group vm1 --point "
                + groupIds.get(0) + ")\n");
        CliRun perDisk = CliRun.run("forget", "--repo", repo, "--disk", "vm1-os", "--keep-last", "1");
        assertThat(perDisk.exitCode()).as(perDisk.err()).isZero();
        assertThat(perDisk.out()).contains("keep    member of group point " + groupIds.get(0));
        assertThat(perDisk.err()).contains("removed 0 of 3 points of disk vm1-os");
        assertThat(diskPoints("vm1-os")).isEqualTo(os);
        CliRun newest = CliRun.run("forget", "--repo", repo, "--group", "vm1", "--point", groupIds.get(2));
        assertThat(newest.err()).isEqualTo("pilotlight: group point vm1/" + groupIds.get(2) + " is the newest group"
                + " point of group vm1: its members are the parents of the next replicate and it is never forgotten\n");

        CliRun forget = CliRun.run("forget", "--repo", repo, "--group", "vm1", "--keep-last", "1");
        assertThat(forget.exitCode()).as(forget.err()).isZero();
        assertThat(forget.out()).contains("remove member point vm1-os/" + os.get(0)
                + ": member of removed group point " + groupIds.get(0));
        assertThat(forget.err()).contains("removed 2 of 3 group points of group vm1 and 4 member points;"
                + " run prune to free their data");
        assertThat(diskPoints("vm1-os")).containsExactly(os.get(2));
        assertThat(diskPoints("vm1-data")).hasSize(1);
        JsonNode groups = new ObjectMapper().readTree(CliRun.run("points", "--repo", repo, "--group", "vm1",
                "--json").out());
        assertThat(groups).hasSize(1);
        assertThat(groups.get(0).get("id").asText()).isEqualTo(groupIds.get(2));
    }

    /**
     * A forget that stopped between a group point and its members left ordinary points: the next
     * group forget removes them as orphaned members; a plain disk beside the group is forgotten by
     * {@code --all} on its own.
     */
    @Test
    void allRemovesOrphanedMembersOfAGroupAndPlainDisks() throws Exception {
        Path data = temp.resolve("data.img");
        Files.write(data, new byte[1 << 20]);
        List<String> groupIds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            groupIds.add(replicate("--group", "vm1", "--source", "os=" + disk, "--source", "data=file:" + data));
        }
        List<String> plain = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            plain.add(replicate("--disk", "plain", "--source", data.toString()));
        }
        List<String> os = diskPoints("vm1-os");
        Files.delete(Path.of(repo, "groups", "vm1", groupIds.get(0))); // as a crash after the first delete

        CliRun dry = CliRun.run("forget", "--repo", repo, "--all", "--keep-last", "2", "--dry-run");
        assertThat(dry.exitCode()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("disk plain: last 2 (zone UTC)").contains("group vm1: last 2 (zone UTC)")
                .doesNotContain("disk vm1-os")
                .contains("remove member point vm1-os/" + os.get(0) + ": orphaned member: named by no group point,"
                        + " older than the oldest kept group point " + groupIds.get(1));
        assertThat(dry.err()).contains("dry run: would remove 0 of 2 points of disk plain")
                .contains("dry run: would remove 0 of 2 group points of group vm1 and 2 member points");
        assertThat(diskPoints("vm1-os")).hasSize(3);

        CliRun all = CliRun.run("forget", "--repo", repo, "--all", "--keep-last", "1");
        assertThat(all.exitCode()).as(all.err()).isZero();
        assertThat(all.err()).contains("removed 1 of 2 points of disk plain")
                .contains("removed 1 of 2 group points of group vm1 and 4 member points");
        assertThat(diskPoints("plain")).containsExactly(plain.get(1));
        assertThat(diskPoints("vm1-os")).containsExactly(os.get(2));
        assertThat(diskPoints("vm1-data")).hasSize(1);
    }
}
