package io.pilotlight.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.pilotlight.source.vsphere.VsphereOptions;
import io.pilotlight.source.vsphere.VsphereTarget;
import io.pilotlight.source.vsphere.VsphereVm;
import io.pilotlight.testing.VsphereSim;
import io.pilotlight.testing.VsphereSim.VmSpec;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import io.pilotlight.testing.Slow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * vSphere's wrong thumbprint, unknown VM and unreachable host exit with three different codes (16, 8,
 * 12; all were 4), each message naming what to fix (issue 19, defect 9).
 */
@Slow
class VsphereExitCodesTest {
    @TempDir
    Path dir;

    @Test
    void wrongThumbprintUnknownVmAndUnreachableHostHaveTheirOwnCodes() throws Exception {
        try (VsphereSim sim = VsphereSim.start(dir, new VmSpec("web1", 1 << 20))) {
            String user = URLEncoder.encode(sim.username(), StandardCharsets.UTF_8);
            VsphereOptions pinned = VsphereOptions.withPassword(sim.password()).withThumbprint(sim.thumbprint())
                    .withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(60));
            String base = "vsphere://" + user + "@" + sim.host() + ":" + sim.port() + "/";

            Throwable wrongPin = catchThrowable(() -> VsphereVm.open(VsphereTarget.parse(base + "web1"),
                    VsphereOptions.withPassword(sim.password()).withThumbprint("00".repeat(32))).close());
            assertThat(ExitCodes.of(wrongPin)).as("%s", wrongPin).isEqualTo(ExitCodes.CERTIFICATE_REFUSED);
            assertThat(wrongPin).hasMessageContaining("--thumbprint");

            Throwable unknown = catchThrowable(() -> VsphereVm.open(VsphereTarget.parse(base + "nosuch"), pinned)
                    .close());
            assertThat(ExitCodes.of(unknown)).as("%s", unknown).isEqualTo(ExitCodes.UNKNOWN_DISK_OR_POINT);
            assertThat(unknown).hasMessageContaining("no VM named 'nosuch'; VMs: [web1]");

            // a zero-byte flat file: HTTP 416 with Content-Range "bytes */0", and the size check still holds
            java.nio.file.Files.write(sim.diskFile("web1", 0), new byte[0]);
            Throwable empty = catchThrowable(() -> VsphereVm.open(VsphereTarget.parse(base + "web1"), pinned).close());
            assertThat(empty).as("a zero-byte flat file is refused").isNotNull()
                    .hasMessageContaining("-flat.vmdk (datacenter DC0) is 0 bytes, not the disk's " + (1 << 20));
        }
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        Throwable unreachable = catchThrowable(() -> VsphereVm.open(VsphereTarget.parse("vsphere://u@127.0.0.1:"
                + closed + "/web1"), VsphereOptions.withPassword("p").withThumbprint("00".repeat(32))).close());
        assertThat(ExitCodes.of(unreachable)).as("%s", unreachable).isEqualTo(ExitCodes.STORE_UNREACHABLE);
        assertThat(unreachable).hasMessageContaining("cannot reach 127.0.0.1:" + closed);
    }
}
