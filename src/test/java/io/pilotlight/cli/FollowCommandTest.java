package io.pilotlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FollowCommandTest {
    @TempDir
    Path temp;

    @Test
    void followsThenWatchesForNewPoints() throws Exception {
        String repo = temp.resolve("repo").toString();
        Path source = temp.resolve("disk.img");
        Path image = temp.resolve("pilot.img");
        Random random = new Random(3);
        try (RandomAccessFile file = new RandomAccessFile(source.toFile(), "rw")) {
            file.setLength(4L << 20);
            byte[] data = new byte[300_000];
            random.nextBytes(data);
            file.write(data);
        }
        assertThat(CliRun.run("init", "--repo", repo).exitCode()).isZero();
        assertThat(CliRun.run("replicate", "--repo", repo, "--disk", "vm-1", "--source", "file:" + source).exitCode())
                .isZero();
        CliRun first = CliRun.run("follow", "--repo", repo, "--disk", "vm-1", "--to", image.toString());
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.err()).contains("restored point").contains("in full").contains("digest verified");
        assertThat(Files.mismatch(source, image)).isEqualTo(-1);

        try (RandomAccessFile file = new RandomAccessFile(source.toFile(), "rw")) {
            file.setLength(5L << 20);
            byte[] data = new byte[70_000];
            random.nextBytes(data);
            file.seek(2L << 20);
            file.write(data);
        }
        assertThat(CliRun.run("replicate", "--repo", repo, "--disk", "vm-1", "--source", "file:" + source).exitCode())
                .isZero();
        CliRun watch = CliRun.run("follow", "--repo", repo, "--disk", "vm-1", "--to", image.toString(), "--watch",
                "--interval", "10ms", "--rounds", "3", "--json", "--verify");
        assertThat(watch.exitCode()).as(watch.err()).isZero();
        assertThat(watch.out()).contains("\"grainsWritten\" : 2").contains("\"verified\" : true");
        assertThat(watch.err()).containsOnlyOnce("applied point").contains("2 grains written");
        assertThat(Files.mismatch(source, image)).isEqualTo(-1);

        CliRun again = CliRun.run("follow", "--repo", repo, "--disk", "vm-1", "--to", image.toString());
        assertThat(again.err()).contains("already holds point");

        CliRun sampled = CliRun.run("follow", "--repo", repo, "--disk", "vm-1", "--to", image.toString(), "--verify",
                "sampled", "--json");
        assertThat(sampled.exitCode()).as(sampled.err()).isZero();
        assertThat(sampled.out()).contains("\"grainsSampled\" : 80"); // every grain of the 5 MiB disk
        CliRun wrong = CliRun.run("follow", "--repo", repo, "--disk", "vm-1", "--to", image.toString(), "--verify",
                "sometimes");
        assertThat(wrong.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(wrong.err()).contains("'sometimes' is not one of always, sampled, off");
    }

    @Test
    void refusesAnImageWithoutFollowState() throws Exception {
        String repo = temp.resolve("repo").toString();
        Path source = temp.resolve("disk.img");
        try (RandomAccessFile file = new RandomAccessFile(source.toFile(), "rw")) {
            file.setLength(1L << 20);
        }
        CliRun.run("init", "--repo", repo);
        CliRun.run("replicate", "--repo", repo, "--disk", "vm-1", "--source", "file:" + source);
        Path image = temp.resolve("other.img");
        Files.writeString(image, "keep");
        CliRun refused = CliRun.run("follow", "--repo", repo, "--disk", "vm-1", "--to", image.toString());
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.TARGET_REFUSED);
        assertThat(refused.err()).contains("exists but has no follow state").contains("--force");
        assertThat(Files.readString(image)).isEqualTo("keep");
    }
}
