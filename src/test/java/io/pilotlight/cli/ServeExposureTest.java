package io.pilotlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} off loopback is refused without {@code --insecure-no-tls}, and warns with it; a port
 * in use and a missing socket directory are named with the rule (issue 19, defects 5 and 9). No test
 * here binds anything but loopback: the non-loopback address is TEST-NET-1, which this host lacks.
 */
class ServeExposureTest {
    @TempDir
    Path temp;

    private String repo;

    @BeforeEach
    void aPoint() throws Exception {
        repo = temp.resolve("repo").toString();
        Path image = temp.resolve("disk.img");
        Files.write(image, new byte[1 << 20]);
        assertThat(CliRun.run("init", "--repo", repo).exitCode()).isZero();
        assertThat(CliRun.run("replicate", "--repo", repo, "--disk", "vm-1", "--source", "file:" + image).exitCode())
                .isZero();
    }

    @Test
    void aNonLoopbackAddressIsRefusedWithoutTheOptOut() throws Exception {
        CliRun run = RunningCli.start("serve", "--repo", repo, "--disk", "vm-1", "--listen", "tcp:0.0.0.0:10809")
                .awaitEnd(20);
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--listen tcp:0.0.0.0:10809 is not a loopback address: anyone who can reach"
                + " 0.0.0.0:10809 could read disk vm-1").contains("pass --insecure-no-tls");
    }

    @Test
    void theOptOutWarnsLoudly() throws Exception {
        CliRun run = RunningCli.start("serve", "--repo", repo, "--disk", "vm-1", "--listen", "tcp:192.0.2.1:10809",
                "--insecure-no-tls").awaitEnd(20);
        assertThat(run.err()).contains("pilotlight: WARNING: --insecure-no-tls: serving without TLS on"
                + " 192.0.2.1:10809: anyone who can reach");
        assertThat(run.exitCode()).as("this host has no such address: %s", run.err()).isEqualTo(ExitCodes.IO_ERROR);
        assertThat(run.err()).contains("serve --listen tcp:192.0.2.1:10809: cannot listen there");
    }

    @Test
    void aPortInUseIsNamed() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String listen = "tcp:127.0.0.1:" + taken.getLocalPort();
            CliRun run = RunningCli.start("serve", "--repo", repo, "--disk", "vm-1", "--listen", listen).awaitEnd(20);
            assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.IO_ERROR);
            assertThat(run.err()).contains("pilotlight: serve --listen " + listen + ": cannot listen there (")
                    .contains("pick a free port");
        }
    }

    @Test
    void aMissingSocketDirectoryIsNamed() throws Exception {
        Path socket = temp.resolve("nope").resolve("nbd.sock");
        CliRun run = RunningCli.start("serve", "--repo", repo, "--disk", "vm-1", "--listen", "unix:" + socket)
                .awaitEnd(20);
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.IO_ERROR);
        assertThat(run.err()).contains("directory " + socket.getParent() + " does not exist");
    }
}
