package io.pilotlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pilotlight.testing.Slow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Group points on the command line: replicate --group, points --group. */
@Slow
class GroupCommandsTest {
    @TempDir
    Path temp;

    @Test
    void replicateAGroupAndListIt() throws Exception {
        String repo = temp.resolve("repo").toString();
        Path os = temp.resolve("os.img");
        Path data = temp.resolve("data.img");
        byte[] bytes = new byte[1 << 20];
        new Random(3).nextBytes(bytes);
        Files.write(os, bytes);
        Files.write(data, new byte[2 << 20]);
        assertThat(CliRun.run("init", "--repo", repo).exitCode()).isZero();

        CliRun replicate = CliRun.run("replicate", "--repo", repo, "--group", "vm1", "--source", "os=" + os,
                "--source", "data=file:" + data);
        assertThat(replicate.exitCode()).as(replicate.err()).isZero();
        String groupId = replicate.out().strip();
        assertThat(replicate.err()).contains("vm1-os: point ").contains("vm1-data: point ")
                .contains("vm1: group point " + groupId + " of 2 disks");

        CliRun points = CliRun.run("points", "--repo", repo, "--group", "vm1", "--json");
        assertThat(points.exitCode()).as(points.err()).isZero();
        JsonNode array = new ObjectMapper().readTree(points.out());
        assertThat(array).hasSize(1);
        assertThat(array.get(0).get("id").asText()).isEqualTo(groupId);
        assertThat(array.get(0).get("disks")).hasSize(2);
        assertThat(array.get(0).get("disks").get(0).get("disk").asText()).isEqualTo("vm1-os");
        assertThat(array.get(0).get("disks").get(1).get("diskSize").asLong()).isEqualTo(2 << 20);

        Path restored = temp.resolve("restored");
        CliRun restore = CliRun.run("restore", "--repo", repo, "--group", "vm1", "--to", restored.toString());
        assertThat(restore.exitCode()).as(restore.err()).isZero();
        assertThat(restored.resolve("os.img")).hasSameBinaryContentAs(os);
        assertThat(restored.resolve("data.img")).hasSameBinaryContentAs(data);
        assertThat(restore.err()).contains("vm1: restored group point " + groupId + " (2 disks)");
        CliRun again = CliRun.run("restore", "--repo", repo, "--group", "vm1", "--to", restored.toString());
        assertThat(again.exitCode()).as("targets exist").isEqualTo(9);

        Path pilot = temp.resolve("pilot");
        CliRun follow = CliRun.run("follow", "--repo", repo, "--group", "vm1", "--to", pilot.toString());
        assertThat(follow.exitCode()).as(follow.err()).isZero();
        assertThat(follow.err()).contains("vm1: " + pilot.toAbsolutePath() + " holds group point " + groupId);
        Files.write(os, new byte[65536], java.nio.file.StandardOpenOption.WRITE);
        CliRun second = CliRun.run("replicate", "--repo", repo, "--group", "vm1", "--source", "os=" + os,
                "--source", "data=file:" + data);
        assertThat(second.exitCode()).as(second.err()).isZero();
        CliRun watch = RunningCli.start("follow", "--repo", repo, "--group", "vm1", "--to", pilot.toString(), "--watch",
                "--interval", "10ms", "--verify").awaitErr("holds group point " + second.out().strip()).interrupt();
        assertThat(watch.exitCode()).as(watch.err()).isEqualTo(ExitCodes.INTERRUPTED);
        assertThat(watch.err()).contains("holds group point " + second.out().strip());
        assertThat(pilot.resolve("os.img")).hasSameBinaryContentAs(os);
        assertThat(pilot.resolve("data.img")).hasSameBinaryContentAs(data);

        CliRun table = CliRun.run("points", "--repo", repo, "--group", "vm1");
        assertThat(table.out()).contains("GROUP POINT").contains(groupId).contains("data");
        assertThat(CliRun.run("points", "--repo", repo, "--disk", "vm1-os", "--json").out()).contains("vm1-os");
    }

    /** A group watch that opened the repository before a group point's disks and index files existed. */
    @Test
    void aGroupWatchAppliesGroupPointsCommittedWhileItRuns() throws Exception {
        String repo = temp.resolve("repo").toString();
        Path os = temp.resolve("os.img");
        Path data = temp.resolve("data.img");
        java.util.Random random = new java.util.Random(4);
        byte[] bytes = new byte[3 << 20];
        random.nextBytes(bytes);
        Files.write(os, bytes);
        Files.write(data, new byte[2 << 20]);
        CliRun.run("init", "--repo", repo);
        String[] replicate = {"replicate", "--repo", repo, "--group", "vm1", "--source", "os=" + os, "--source",
            "data=file:" + data};
        assertThat(CliRun.run(replicate).exitCode()).isZero();
        Path pilot = temp.resolve("pilot");
        RunningCli watch = RunningCli.start("follow", "--repo", repo, "--group", "vm1", "--to", pilot.toString(),
                "--watch", "--interval", "20ms");
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!Files.exists(pilot.resolve("data.img.pilotlight-follow"))) {
            assertThat(System.nanoTime()).as("the watch's first round").isLessThan(deadline);
            assertThat(watch.isRunning()).as("watch ended early").isTrue();
            Thread.sleep(10);
        }
        random.nextBytes(bytes); // new data on both disks: new chunks, packs and index files
        Files.write(os, bytes);
        Files.write(data, java.util.Arrays.copyOf(bytes, 2 << 20));
        CliRun second = CliRun.run(replicate);
        assertThat(second.exitCode()).as(second.err()).isZero();
        CliRun watched = watch.awaitErr("holds group point " + second.out().strip()).interrupt();
        assertThat(watched.exitCode()).as(watched.err()).isEqualTo(ExitCodes.INTERRUPTED);
        assertThat(watched.err()).contains("holds group point " + second.out().strip());
        assertThat(pilot.resolve("os.img")).hasSameBinaryContentAs(os);
        assertThat(pilot.resolve("data.img")).hasSameBinaryContentAs(data);
    }

    @Test
    void groupSourcesMustBeNamed() {
        String repo = temp.resolve("repo").toString();
        assertThat(CliRun.run("init", "--repo", repo).exitCode()).isZero();
        CliRun unnamed = CliRun.run("replicate", "--repo", repo, "--group", "vm1", "--source", "/images/a.img");
        assertThat(unnamed.exitCode()).isEqualTo(2);
        assertThat(unnamed.err()).contains("with --group each source is NAME=URI");
        CliRun both = CliRun.run("replicate", "--repo", repo, "--group", "vm1", "--disk", "d", "--source", "x");
        assertThat(both.exitCode()).isEqualTo(2);
        CliRun two = CliRun.run("replicate", "--repo", repo, "--disk", "d", "--source", "a", "--source", "b");
        assertThat(two.exitCode()).isEqualTo(2);
        assertThat(two.err()).contains("--disk takes exactly one --source (got 2)");
        CliRun unknown = CliRun.run("points", "--repo", repo, "--group", "vm9");
        assertThat(unknown.exitCode()).isZero();
        assertThat(unknown.err()).contains("no group points of group vm9");
    }
}
