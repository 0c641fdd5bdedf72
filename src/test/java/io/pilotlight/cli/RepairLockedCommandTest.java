package io.pilotlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code repair config} of an encrypted directory repository and {@code repair delete-markers}, from the command line. */
class RepairLockedCommandTest {
    @TempDir
    Path temp;

    @Test
    void anEncryptedConfigIsRebuiltWithTheIdAndThePassphrase() throws IOException {
        String repo = temp.resolve("repo").toString();
        Map<String, String> environment = Map.of("PILOTLIGHT_PASSWORD_FILE",
                Files.writeString(temp.resolve("pass"), "s3cret words\n").toString());
        CliRun init = CliRun.run(environment, "init", "--repo", repo, "--encrypt", "--kdf-memory-mib", "8",
                "--kdf-iterations", "1");
        assertThat(init.exitCode()).as(init.err()).isZero();
        java.util.regex.Matcher printed = java.util.regex.Pattern.compile("[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}")
                .matcher(init.out());
        assertThat(printed.find()).as(init.out()).isTrue();
        String id = printed.group();
        byte[] data = new byte[1 << 20];
        new Random(3).nextBytes(data);
        Path image = Files.write(temp.resolve("disk.img"), data);
        CliRun replicate = CliRun.run(environment, "replicate", "--repo", repo, "--disk", "d1", "--source", "file:" + image);
        assertThat(replicate.exitCode()).as(replicate.err()).isZero();
        Files.delete(temp.resolve("repo/config"));

        CliRun noId = CliRun.run(environment, "repair", "config", "--repo", repo);
        assertThat(noId.exitCode()).isEqualTo(2);
        assertThat(noId.err()).contains("is encrypted", "--id");
        CliRun locked = CliRun.run(environment, "repair", "config", "--repo", repo, "--id", id, "--lock-days", "3");
        assertThat(locked.exitCode()).isEqualTo(2);
        assertThat(locked.err()).contains("cannot lock objects");
        CliRun wrong = CliRun.run(Map.of("PILOTLIGHT_PASSWORD_FILE", Files.writeString(temp.resolve("wrong"), "nope\n")
                .toString()), "repair", "config", "--repo", repo, "--id", id);
        assertThat(wrong.exitCode()).isEqualTo(27);
        assertThat(wrong.err()).doesNotContain("nope").doesNotContain("s3cret");
        CliRun repair = CliRun.run(environment, "repair", "config", "--repo", repo, "--id", id);
        assertThat(repair.exitCode()).as(repair.err()).isZero();
        assertThat(repair.out()).contains("config is missing and is written", "id " + id, ", encrypted");
        assertThat(CliRun.run(environment, "verify", "--repo", repo, "--read-data").exitCode()).isZero();
        assertThat(CliRun.run(environment, "points", "--repo", repo).out()).contains("d1");
    }

    @Test
    void aDirectoryHasNoDeleteMarkers() throws IOException {
        String repo = temp.resolve("plain").toString();
        assertThat(CliRun.run("init", "--repo", repo).exitCode()).isZero();
        CliRun markers = CliRun.run("repair", "delete-markers", "--repo", repo, "--dry-run");
        assertThat(markers.exitCode()).as(markers.err()).isZero();
        assertThat(markers.out()).contains("repair delete-markers (dry run): nothing to repair");
    }
}
