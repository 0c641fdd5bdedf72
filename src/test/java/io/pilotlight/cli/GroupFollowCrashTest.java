package io.pilotlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.recovery.follow.GroupFollower;
import io.pilotlight.recovery.image.TargetFile;
import io.pilotlight.testing.ChildJvm;
import io.pilotlight.testing.Slow;
import io.pilotlight.testing.SparseImages;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code follow --group} in a child JVM killed with SIGKILL at random moments, then run again to the
 * same group point: every disk's image equals that disk at the group point, and the group state
 * names the point with no apply under way.
 */
@Timeout(300)
@Slow
class GroupFollowCrashTest {
    private static final int GRAIN = 65536;
    private static final int ROUNDS = 10;

    @TempDir
    Path dir;

    private final Random random = new Random(909);

    @Test
    void killedGroupFollowsAreFinishedByTheNextRun() throws Exception {
        String repo = dir.resolve("repo").toString();
        assertThat(CliRun.run("init", "--repo", repo).exitCode()).isZero();
        Path os = SparseImages.create(dir.resolve("os.img"), 48L << 20);
        Path data = SparseImages.create(dir.resolve("data.img"), 24L << 20);
        List<String> ids = new ArrayList<>();
        List<byte[][]> contents = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            SparseImages.scribble(os, random, round == 0 ? 300 : 60, 6);
            SparseImages.scribble(data, random, round == 0 ? 150 : 30, 6);
            if (round == 2) {
                try (RandomAccessFile file = new RandomAccessFile(data.toFile(), "rw")) {
                    file.setLength(28L << 20); // the data disk grows
                }
            }
            CliRun replicate = CliRun.run("replicate", "--repo", repo, "--group", "vm1", "--source", "os=" + os,
                    "--source", "data=" + data);
            assertThat(replicate.exitCode()).as(replicate.err()).isZero();
            ids.add(replicate.out().strip());
            contents.add(new byte[][] {Files.readAllBytes(os), Files.readAllBytes(data)});
        }

        long childMillis = timedChild(repo, dir.resolve("scratch"), ids.get(ids.size() - 1));
        Path pilot = dir.resolve("pilot");
        int kills = 0;
        for (int round = 0; round < ROUNDS; round++) {
            int target = random.nextInt(ids.size());
            Path log = dir.resolve("child-" + round + ".log");
            Process child = ChildJvm.start("256m", Main.class, log, "-q", "follow", "--repo", repo, "--group", "vm1",
                    "--to", pilot.toString(), "--point", ids.get(target));
            if (!child.waitFor((long) (random.nextDouble() * 1.1 * childMillis), TimeUnit.MILLISECONDS)) {
                child.destroyForcibly();
                kills++;
            }
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

            CliRun again = CliRun.run("follow", "--repo", repo, "--group", "vm1", "--to", pilot.toString(), "--point",
                    ids.get(target));
            assertThat(again.exitCode()).as("round %d: %s", round, again.err()).isZero();
            assertThat(Files.readAllBytes(TargetFile.memberImage(pilot, "os"))).as("os, round %d", round)
                    .isEqualTo(contents.get(target)[0]);
            assertThat(Files.readAllBytes(TargetFile.memberImage(pilot, "data"))).as("data, round %d", round)
                    .isEqualTo(contents.get(target)[1]);
            GroupFollower.State state = GroupFollower.state(pilot, "vm1").orElseThrow();
            assertThat(state.point()).isEqualTo(ids.get(target));
            assertThat(state.applying()).isNull();
        }
        System.out.printf("GroupFollowCrashTest: a whole follow in a child took %d ms; %d of %d follows killed%n",
                childMillis, kills, ROUNDS);
        assertThat(kills).as("children killed before they finished").isGreaterThanOrEqualTo(ROUNDS / 3);
    }

    /** How long a child JVM takes to follow the group in full, not killed: the range of the kill delays. */
    private long timedChild(String repo, Path pilot, String id) throws Exception {
        long started = System.nanoTime();
        Process child = ChildJvm.start("256m", Main.class, dir.resolve("timed.log"), "-q", "follow", "--repo", repo,
                "--group", "vm1", "--to", pilot.toString(), "--point", id);
        ChildJvm.finish(child, dir.resolve("timed.log"), 60);
        return (System.nanoTime() - started) / 1_000_000;
    }
}
