package io.pilotlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failures that name the thing and the rule, with their own exit codes (issue 19, defect 9). */
class ExitMessagesTest {
    @TempDir
    Path temp;

    @Test
    void pointsOfAnUnknownDiskExit8NamingTheDisks() throws Exception {
        String repo = temp.resolve("repo").toString();
        Path image = temp.resolve("disk.img");
        Files.write(image, new byte[65536]);
        assertThat(CliRun.run("init", "--repo", repo).exitCode()).isZero();
        assertThat(CliRun.run("replicate", "--repo", repo, "--disk", "vm-1", "--source", "file:" + image).exitCode())
                .isZero();
        CliRun run = CliRun.run("points", "--repo", repo, "--disk", "nosuch");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.UNKNOWN_DISK_OR_POINT);
        assertThat(run.err()).contains("nosuch").contains("vm-1");
    }

    @Test
    void digestOfADirectoryNamesItAndTheRule() {
        CliRun run = CliRun.run("digest", temp.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).isEqualTo("pilotlight: digest " + temp + ": is a directory; name a raw image file or a"
                + " block device\n");
    }

    @Test
    void initOnAFileNamesItAndTheRule() throws Exception {
        Path file = Files.write(temp.resolve("afile"), new byte[1]);
        for (Path repo : new Path[] {file, file.resolve("below")}) {
            CliRun run = CliRun.run("init", "--repo", repo.toString());
            assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err()).contains("--repo " + repo + ": " + file + " is a file, not a directory; a local"
                    + " repository is a directory");
        }
    }
}
