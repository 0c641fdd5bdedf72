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

/**
 * {@code report --repo} over a repository with two group points of {@code vm1} (two member disks) and
 * a standby of one member kept here by {@code follow}: the group and its members are reported, the
 * members' runs being the group's, and the standby's point and age are read from its state file.
 */
@Slow
class ReportGroupTest {
    @TempDir
    Path temp;

    @Test
    void aGroupItsMemberDisksAndAStandbyAreReported() throws Exception {
        String repo = temp.resolve("repo").toString();
        Path os = temp.resolve("os.img");
        Path data = temp.resolve("data.img");
        byte[] bytes = new byte[1 << 20];
        new Random(3).nextBytes(bytes);
        Files.write(os, bytes);
        Files.write(data, new byte[2 << 20]);
        assertThat(CliRun.run("init", "--repo", repo).exitCode()).isZero();
        for (int run = 0; run < 2; run++) {
            CliRun replicate = CliRun.run("replicate", "--repo", repo, "--group", "vm1", "--source", "os=" + os,
                    "--source", "data=file:" + data);
            assertThat(replicate.exitCode()).as(replicate.err()).isZero();
        }
        Path standby = temp.resolve("standby.img");
        CliRun follow = CliRun.run("--repo", repo, "follow", "--disk", "vm1-os", "--to", standby.toString());
        assertThat(follow.exitCode()).as(follow.err()).isZero();
        Path config = Files.writeString(temp.resolve("pilotlight.yaml"), """
                repositories:
                  main: {location: %s}
                groups:
                  vm1: {members: {os: "file:%s", data: "file:%s"}, schedule: every 15m, rpo: 1h}
                followers:
                  os-standby: {disk: vm1-os, to: %s}
                """.formatted(repo, os, data, standby));

        CliRun report = CliRun.run("report", "--config", config.toString(), "--state-dir",
                temp.resolve("no-history").toString(), "--json");

        assertThat(report.exitCode()).as(report.err()).isZero();
        JsonNode subjects = new ObjectMapper().readTree(report.out()).path("subjects");
        assertThat(subjects).hasSize(3);
        assertThat(subjects.get(0).path("group").asText()).isEqualTo("vm1");
        assertThat(subjects.get(0).path("pointsKept").asInt()).isEqualTo(2);
        assertThat(subjects.get(0).path("rpoTargetSeconds").asLong()).isEqualTo(3600);
        // Measured from the first point's start: only the seconds before its commit are out of target.
        assertThat(subjects.get(0).path("compliance").isNumber()).isTrue();
        assertThat(subjects.get(0).path("bandsSeconds").path("exceeded").asLong()).isZero();
        assertThat(subjects.get(0).path("bandsSeconds").path("critically").asLong()).isZero();
        assertThat(subjects.get(0).path("bytes").path("read").asLong()).isEqualTo(2 * (3L << 20));
        JsonNode member = subjects.get(1);
        assertThat(member.path("disk").asText()).isEqualTo("vm1-os");
        assertThat(member.path("job").asText()).isEqualTo("vm1");
        assertThat(member.path("rpoTargetSeconds").asLong()).isEqualTo(3600);
        assertThat(member.path("pointsKept").asInt()).isEqualTo(2);
        JsonNode standbyNode = member.path("standbys").get(0);
        assertThat(standbyNode.path("follower").asText()).isEqualTo("os-standby");
        assertThat(standbyNode.path("point").asText()).isNotEmpty();
        assertThat(standbyNode.path("ageSeconds").isNumber()).isTrue();
        assertThat(subjects.get(2).path("disk").asText()).isEqualTo("vm1-data");
    }
}
