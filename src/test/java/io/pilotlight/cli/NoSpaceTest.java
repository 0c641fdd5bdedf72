package io.pilotlight.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import io.pilotlight.testing.Slow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full target file system (a 2 MiB tmpfs, mounted as root; skipped where mounting is not allowed):
 * restore and follow name the target and what was needed, leave no temp file, and a first follow
 * that hit it leaves nothing that makes the next one need --force (issue 19, defect 9).
 */
@Slow
class NoSpaceTest {
    @TempDir
    Path temp;

    private Path small;
    private boolean mounted;

    @BeforeEach
    void mountASmallFileSystem() throws Exception {
        small = Files.createDirectories(temp.resolve("small"));
        mounted = run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", small.toString()) == 0;
        assumeTrue(mounted, "mounting a tmpfs needs root");
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted) {
            run("umount", small.toString());
        }
    }

    @Test
    void restoreAndFirstFollowNameTheTargetAndLeaveNothingBehind() throws Exception {
        String repo = temp.resolve("repo").toString();
        Path source = temp.resolve("disk.img");
        byte[] data = new byte[6 << 20];
        new Random(9).nextBytes(data);
        try (RandomAccessFile file = new RandomAccessFile(source.toFile(), "rw")) {
            file.write(data);
        }
        assertThat(CliRun.run("init", "--repo", repo).exitCode()).isZero();
        assertThat(CliRun.run("replicate", "--repo", repo, "--disk", "d1", "--source", "file:" + source).exitCode())
                .isZero();

        Path restored = small.resolve("restored.img");
        CliRun restore = CliRun.run("restore", "--repo", repo, "--disk", "d1", "--to", restored.toString());
        assertThat(restore.exitCode()).as(restore.err()).isEqualTo(ExitCodes.IO_ERROR);
        assertThat(restore.err()).contains("no space left on the file system of " + restored)
                .contains("the point needs up to " + (6 << 20) + " bytes");
        assertThat(files()).as("nothing left after a failed restore").isEmpty();

        Path image = small.resolve("pilot.img");
        CliRun follow = CliRun.run("follow", "--repo", repo, "--disk", "d1", "--to", image.toString());
        assertThat(follow.exitCode()).as(follow.err()).isEqualTo(ExitCodes.IO_ERROR);
        assertThat(follow.err()).contains("no space left on the file system of " + image);
        assertThat(files()).as("only the follow lock is left").containsOnly(small.resolve("pilot.img.pilotlight-lock"));

        assertThat(run("mount", "-o", "remount,size=16m", small.toString())).isZero();
        CliRun again = CliRun.run("follow", "--repo", repo, "--disk", "d1", "--to", image.toString());
        assertThat(again.exitCode()).as("no --force needed: %s", again.err()).isZero();
        assertThat(Files.mismatch(source, image)).isEqualTo(-1);
    }

    private java.util.List<Path> files() throws Exception {
        try (Stream<Path> files = Files.list(small)) {
            return files.toList();
        }
    }

    private static int run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return process.exitValue();
    }
}
