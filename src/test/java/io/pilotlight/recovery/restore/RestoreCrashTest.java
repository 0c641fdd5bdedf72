package io.pilotlight.recovery.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.testing.ChildJvm;
import io.pilotlight.testing.SampleRepository;
import io.pilotlight.testing.Slow;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills restoring child JVMs at random moments: the target is never partial. It holds either what
 * it held before (the other point's image) or the whole new image, because a restore writes a temp
 * file beside it and renames it into place only when complete and synced.
 */
@Slow
class RestoreCrashTest {
    private static final int ROUNDS = 12;

    @TempDir
    Path dir;

    @Test
    void aKilledRestoreNeverLeavesAPartialTarget() throws Exception {
        SampleRepository sample = new SampleRepository(dir);
        Restorer restorer = new Restorer(sample.repository, ProgressListener.NONE);
        Path[] references = {dir.resolve("ref-1.img"), dir.resolve("ref-2.img")};
        restorer.restore("d1", sample.first.id(), references[0], false);
        restorer.restore("d1", sample.second.id(), references[1], false);
        String[] points = {sample.first.id(), sample.second.id()};
        Path target = dir.resolve("target.img");
        Files.copy(references[0], target);
        Path log = dir.resolve("child.log");

        // kills land in [0, 1.2 x window); a restore that ended before its kill shrinks the window, so
        // a first timing taken on a busy host does not leave later rounds finishing before their kill
        long window = timeOneRestore(sample, points[1], dir.resolve("timing.img"), log);
        Random random = new Random(11);
        int held = 0;
        int kills = 0;
        for (int round = 0; round < ROUNDS; round++) {
            int next = 1 - held;
            Process child = ChildJvm.start("256m", RestoreChild.class, log, sample.root.toString(), "d1",
                    points[next], target.toString());
            awaitReady(child);
            Thread.sleep((long) (random.nextDouble() * 1.2 * window));
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            if (child.exitValue() == 137) {
                kills++;
            } else {
                window = Math.max(1, window * 2 / 3);
            }
            boolean old = Files.mismatch(target, references[held]) == -1;
            boolean whole = Files.mismatch(target, references[next]) == -1;
            assertThat(old || whole).as("round %d: target is the old or the new image, never partial", round).isTrue();
            held = whole ? next : held;
        }
        assertThat(kills).as("restores really killed").isGreaterThanOrEqualTo(ROUNDS / 2);
        restorer.restore("d1", points[1 - held], target, true);
        assertThat(Files.mismatch(target, references[1 - held])).isEqualTo(-1);
    }

    private static long timeOneRestore(SampleRepository sample, String point, Path target, Path log) throws Exception {
        Process child = ChildJvm.start("256m", RestoreChild.class, log, sample.root.toString(), "d1", point,
                target.toString());
        awaitReady(child);
        long started = System.nanoTime();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isZero();
        return Math.max(50, (System.nanoTime() - started) / 1_000_000);
    }

    private static void awaitReady(Process child) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).isEqualTo("ready");
    }
}
