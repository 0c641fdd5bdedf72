package io.pilotlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.testing.SparseImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code follow --watch} holds its image lock for the whole run, between rounds too: a second
 * follower, a one-shot follow, and {@code restore --force}/{@code export --force} onto the image
 * are refused with exit 6 naming the holder, and the watch goes on (issue 19, defect 4).
 */
class FollowWatchLockTest {
    @TempDir
    Path temp;

    @Test
    void aWatchHoldsItsImageBetweenRounds() throws Exception {
        String repo = temp.resolve("repo").toString();
        Path source = SparseImages.create(temp.resolve("disk.img"), 2L << 20);
        SparseImages.scribble(source, new Random(4), 20, 4);
        Path image = temp.resolve("pilot.img");
        assertThat(CliRun.run("init", "--repo", repo).exitCode()).isZero();
        assertThat(CliRun.run("replicate", "--repo", repo, "--disk", "vm-1", "--source", "file:" + source).exitCode())
                .isZero();
        RunningCli watch = RunningCli.start("follow", "--repo", repo, "--disk", "vm-1", "--to", image.toString(),
                "--watch", "--interval", "1h");
        watch.awaitErr("restored point");
        String holder = "pid " + ProcessHandle.current().pid() + " on ";

        CliRun second = RunningCli.start("follow", "--repo", repo, "--disk", "vm-1", "--to", image.toString(),
                "--watch").awaitEnd(20);
        CliRun oneShot = CliRun.run("follow", "--repo", repo, "--disk", "vm-1", "--to", image.toString());
        CliRun restore = CliRun.run("restore", "--repo", repo, "--disk", "vm-1", "--to", image.toString(), "--force");
        CliRun export = CliRun.run("export", "--repo", repo, "--disk", "vm-1", "--to", image.toString(), "--format",
                "raw", "--force");
        for (CliRun refused : new CliRun[] {second, oneShot, restore, export}) {
            assertThat(refused.exitCode()).as(refused.err()).isEqualTo(ExitCodes.LOCKED);
            assertThat(refused.err()).contains("image " + image.toRealPath() + " is in use by another follower (" + holder)
                    .contains(image + ".pilotlight-lock");
        }
        assertThat(watch.isRunning()).as("the watch goes on").isTrue();
        assertThat(Files.mismatch(source, image)).isEqualTo(-1);
        CliRun watched = watch.interrupt();
        assertThat(watched.exitCode()).as(watched.err()).isEqualTo(ExitCodes.INTERRUPTED);

        CliRun after = CliRun.run("follow", "--repo", repo, "--disk", "vm-1", "--to", image.toString());
        assertThat(after.exitCode()).as("the lock is released when the watch ends: %s", after.err()).isZero();
    }
}
