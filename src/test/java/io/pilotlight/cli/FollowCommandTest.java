package io.pilotlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.repo.Hash;
import io.pilotlight.repo.Repository;
import io.pilotlight.store.DirectoryObjectStore;
import io.pilotlight.testing.Slow;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Slow
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
        RunningCli watching = RunningCli.start("follow", "--repo", repo, "--disk", "vm-1", "--to", image.toString(),
                "--watch", "--interval", "10ms", "--json", "--verify");
        watching.awaitErr("applied point");
        Thread.sleep(200); // many polls that find nothing new: the point is applied once
        CliRun watch = watching.interrupt();
        assertThat(watch.exitCode()).as(watch.err()).isEqualTo(ExitCodes.INTERRUPTED);
        assertThat(watch.out()).contains("\"grainsWritten\" : 2").contains("\"verified\" : true")
                .containsPattern("\"pointAgeMillis\" : [0-9]+").contains("\"pointCreated\" : \"20");
        assertThat(watch.err()).containsPattern("the point's data is .* old");
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

    /** A watching follower opened the repository before these points and their index files existed. */
    @Test
    void aWatchAppliesPointsCommittedWhileItRuns() throws Exception {
        String repo = temp.resolve("repo").toString();
        Path source = temp.resolve("disk.img");
        Path image = temp.resolve("pilot.img");
        Random random = new Random(5);
        writeRandom(source, 0, 200_000, random);
        CliRun.run("init", "--repo", repo);
        assertThat(CliRun.run("replicate", "--repo", repo, "--disk", "vm-1", "--source", "file:" + source).exitCode())
                .isZero();
        RunningCli watch = RunningCli.start("follow", "--repo", repo, "--disk", "vm-1", "--to", image.toString(),
                "--watch", "--interval", "20ms");
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!Files.exists(temp.resolve("pilot.img.pilotlight-follow")) || !watch.isRunning()) {
            assertThat(System.nanoTime()).as("the first restore of the watch").isLessThan(deadline);
            assertThat(watch.isRunning()).as("watch ended early").isTrue();
            Thread.sleep(10);
        }
        String last = null;
        for (int round = 1; round <= 2; round++) {
            writeRandom(source, round << 20, 100_000, random); // new chunks, in new packs and index files
            CliRun replicate = CliRun.run("replicate", "--repo", repo, "--disk", "vm-1", "--source", "file:" + source);
            assertThat(replicate.exitCode()).as(replicate.err()).isZero();
            last = replicate.out().strip();
            Thread.sleep(200);
        }
        CliRun watched = watch.awaitErr("applied point " + last).interrupt();
        assertThat(watched.exitCode()).as(watched.err()).isEqualTo(ExitCodes.INTERRUPTED);
        assertThat(watched.err()).contains("restored point").contains("applied point");
        assertThat(Files.mismatch(source, image)).isEqualTo(-1);
    }

    /** A round that fails (a damaged chunk) is reported, and the watch goes on to the next point. */
    @Test
    void aWatchOutlivesAPointItCannotApply() throws Exception {
        String repo = temp.resolve("repo").toString();
        Path source = temp.resolve("disk.img");
        Path image = temp.resolve("pilot.img");
        Random random = new Random(8);
        writeRandom(source, 0, 200_000, random);
        CliRun.run("init", "--repo", repo);
        CliRun.run("replicate", "--repo", repo, "--disk", "vm-1", "--source", "file:" + source);
        writeRandom(source, 2L << 20, 3 * 65536, random);
        String damaged = CliRun.run("replicate", "--repo", repo, "--disk", "vm-1", "--source", "file:" + source).out()
                .strip();
        Repository repository = Repository.open(new DirectoryObjectStore(Path.of(repo)));
        Hash chunk = repository.readSegment(repository.manifest("vm-1", damaged), 0).chunk(32);
        try (RandomAccessFile pack = new RandomAccessFile(Path.of(repo).resolve(repository.packKeyOf(chunk)
                .orElseThrow()).toFile(), "rw")) {
            pack.seek(1000); // inside the run's only chunk
            int value = pack.read();
            pack.seek(1000);
            pack.write(value ^ 0x5a);
        }

        RunningCli watch = RunningCli.start("follow", "--repo", repo, "--disk", "vm-1", "--to", image.toString(),
                "--watch", "--interval", "20ms", "--json");
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!Files.exists(temp.resolve("pilot.img.pilotlight-follow"))) { // the first round has begun
            assertThat(System.nanoTime()).as("the watch's first round").isLessThan(deadline);
            Thread.sleep(5);
        }
        writeRandom(source, 2L << 20, 3 * 65536, random); // the damaged grains, overwritten
        CliRun fixed = CliRun.run("replicate", "--repo", repo, "--disk", "vm-1", "--source", "file:" + source);
        assertThat(fixed.exitCode()).as(fixed.err()).isZero();

        CliRun watched = watch.awaitErr("restored point " + fixed.out().strip()).interrupt();
        assertThat(watched.exitCode()).as(watched.err()).isEqualTo(ExitCodes.INTERRUPTED);
        assertThat(watched.err()).contains("pilotlight: follow --watch: ").contains("first grain that differs is at offset 0x200000")
                .contains("(exit code 5); trying again in 20 ms").contains("restored point " + fixed.out().strip());
        assertThat(watched.out()).contains("\"exitCode\" : 5").contains("\"point\" : \"" + fixed.out().strip());
        assertThat(Files.mismatch(source, image)).isEqualTo(-1);
    }

    private static void writeRandom(Path file, long offset, int length, Random random) throws Exception {
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            if (out.length() < 4L << 20) {
                out.setLength(4L << 20);
            }
            byte[] data = new byte[length];
            random.nextBytes(data);
            out.seek(offset);
            out.write(data);
        }
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
