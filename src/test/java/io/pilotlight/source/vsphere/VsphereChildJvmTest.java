package io.pilotlight.source.vsphere;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.testing.ChildJvm;
import io.pilotlight.testing.Slow;
import io.pilotlight.testing.VsphereSim;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A JVM stopped (SIGTERM) or failing while it holds a session removes the snapshot on the way out. */
@Timeout(180)
@Slow
class VsphereChildJvmTest {
    @TempDir
    Path dir;

    @Test
    void aStoppedOrFailingJvmLeavesNoSnapshot() throws Exception {
        try (VsphereSim sim = VsphereSim.start(dir.resolve("sim"), new VsphereSim.VmSpec("held", 1024 * 1024))) {
            String uri = "vsphere://" + sim.username() + "@" + sim.host() + ":" + sim.port() + "/held";
            Path log = dir.resolve("child.log");

            Process hanging = ChildJvm.start("128m", VsphereChild.class, log, uri, sim.password(), sim.thumbprint(),
                    "hang");
            BufferedReader out = new BufferedReader(new InputStreamReader(hanging.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertThat(line).as("child log: %s", Files.exists(log) ? Files.readString(log) : "").startsWith("open pilotlight-");
            assertThat(sim.snapshotCount("held")).isEqualTo(1);
            hanging.destroy(); // SIGTERM: shutdown hooks run
            assertThat(hanging.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(sim.snapshotCount("held")).as("child log: %s", Files.readString(log)).isZero();

            Process failing = ChildJvm.start("128m", VsphereChild.class, log, uri, sim.password(), sim.thumbprint(),
                    "fail");
            assertThat(failing.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(failing.exitValue()).isNotZero();
            assertThat(Files.readString(log)).contains("the run failed on purpose");
            assertThat(sim.snapshotCount("held")).isZero();
        }
    }
}
