package io.pilotlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code failover} refuses a standby that holds no committed point before it starts anything (exit 9). */
class FailoverRefusalTest {
    @TempDir
    Path dir;

    String repo;
    Path standby;
    Path state;

    @BeforeEach
    void followAStandby() throws Exception {
        repo = dir.resolve("repo").toString();
        Path source = dir.resolve("source.img");
        byte[] bytes = new byte[1 << 20];
        new Random(3).nextBytes(bytes);
        Files.write(source, bytes);
        assertThat(CliRun.run("--repo", repo, "init").exitCode()).isZero();
        assertThat(CliRun.run("--repo", repo, "replicate", "--disk", "web1", "--source", source.toString()).exitCode())
                .isZero();
        standby = dir.resolve("standby.img");
        assertThat(CliRun.run("--repo", repo, "follow", "--disk", "web1", "--to", standby.toString()).exitCode())
                .isZero();
        state = dir.resolve("state");
    }

    private CliRun failover(Path image) {
        return CliRun.run("failover", "--disk", "web1", "--standby", image.toString(), "--state-dir", state.toString(),
                "--accel", "tcg");
    }

    @Test
    void aStandbyWhoseFollowIsMidWriteIsRefused() throws Exception {
        Path followState = dir.resolve("standby.img.pilotlight-follow");
        Files.writeString(followState, Files.readString(followState).replace("\"applying\" : null",
                "\"applying\" : \"20991231-000000000-ffff\""));

        CliRun run = failover(standby);

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.TARGET_REFUSED);
        assertThat(run.err()).startsWith("pilotlight: standby " + standby + " of disk web1 is mid-write: its follow was"
                + " applying point 20991231-000000000-ffff over ").contains("holds no committed point");
        assertThat(state.resolve("failover.json")).doesNotExist();
    }

    @Test
    void aStandbyWrittenSinceItsFollowerLeftItIsRefused() throws Exception {
        try (RandomAccessFile file = new RandomAccessFile(standby.toFile(), "rw")) {
            file.seek(4096);
            file.write(new byte[] {1, 2, 3});
        }

        CliRun run = failover(standby);

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.TARGET_REFUSED);
        assertThat(run.err()).contains("changed since its follower left it at point");
    }

    @Test
    void anImageNoFollowerWroteIsRefused() throws Exception {
        Path other = dir.resolve("other.img");
        Files.write(other, new byte[1 << 20]);

        CliRun run = failover(other);

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.TARGET_REFUSED);
        assertThat(run.err()).contains("has no follow state (other.img.pilotlight-follow)");
    }

    @Test
    void aStandbyAFollowerHoldsNowIsRefusedAsLocked() throws Exception {
        try (io.pilotlight.recovery.image.FollowLock lock = io.pilotlight.recovery.image.FollowLock.take(standby)) {
            CliRun run = failover(standby);

            assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.LOCKED);
            assertThat(run.err()).contains("is in use by another follower");
        }
    }

    @Test
    void standbyAndInstantAreExclusiveAndOneIsNeeded() {
        assertThat(CliRun.run("failover", "--disk", "web1").exitCode()).isEqualTo(ExitCodes.USAGE);
        CliRun both = CliRun.run("--repo", repo, "failover", "--disk", "web1", "--instant", "--standby",
                standby.toString());
        assertThat(both.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(both.err()).contains("exactly one of --standby PATH and --instant");
        assertThat(CliRun.run("failover", "--disk", "web1", "--standby", standby.toString(), "--port", "22")
                .err()).contains("guest port 22 is to be checked but no --forward leads to it");
        assertThat(CliRun.run("failover", "--stop").err()).contains("name the failover: --state-dir DIR");
    }
}
