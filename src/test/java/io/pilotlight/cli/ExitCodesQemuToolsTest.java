package io.pilotlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.testing.ExternalCommand;
import io.pilotlight.testing.Slow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code replicate --source qemu:…} exits 14 when qemu-img or qemu-nbd is missing and 15 when one fails,
 * as {@code export} does. Each case runs pilotlight's {@code Main} in a child JVM whose PATH holds only
 * the tools the case allows (the real ones through a wrapper, failing ones as scripts).
 */
@Slow
class ExitCodesQemuToolsTest {
    @TempDir
    Path dir;
    private Path repository;
    private Path image;
    private Path bin;

    @BeforeEach
    void setUp() throws Exception {
        repository = dir.resolve("repo");
        assertThat(CliRun.run("init", "--repo", repository.toString()).exitCode()).isZero();
        image = dir.resolve("disk.qcow2");
        ExternalCommand.run("qemu-img", "create", "-q", "-f", "qcow2", image.toString(), "1M");
        bin = Files.createDirectory(dir.resolve("bin"));
    }

    @Test
    void aMissingQemuImgExits14() throws Exception {
        Run run = replicate();
        assertThat(run.code()).as(run.err()).isEqualTo(ExitCodes.TOOL_MISSING);
        assertThat(run.err()).startsWith("pilotlight: cannot run qemu-img (").contains("apt-get install qemu-utils");
    }

    @Test
    void aFailingQemuImgExits15() throws Exception {
        script("qemu-img", "echo 'qemu-img: something broke' >&2; exit 1");
        Run run = replicate();
        assertThat(run.code()).as(run.err()).isEqualTo(ExitCodes.TOOL_FAILED);
        assertThat(run.err()).contains("'qemu-img info --output=json " + image)
                .contains("failed with exit code 1: qemu-img: something broke");
    }

    @Test
    void aMissingQemuNbdExits14() throws Exception {
        script("qemu-img", "exec " + onPath("qemu-img") + " \"$@\"");
        Run run = replicate();
        assertThat(run.code()).as(run.err()).isEqualTo(ExitCodes.TOOL_MISSING);
        assertThat(run.err()).contains("cannot run qemu-nbd (").contains("apt-get install qemu-utils");
    }

    @Test
    void aFailingQemuNbdExits15() throws Exception {
        script("qemu-img", "exec " + onPath("qemu-img") + " \"$@\"");
        script("qemu-nbd", "echo 'qemu-nbd: cannot serve' >&2; exit 2");
        Run run = replicate();
        assertThat(run.code()).as(run.err()).isEqualTo(ExitCodes.TOOL_FAILED);
        assertThat(run.err()).contains("exited (status 2) without creating its socket").contains("qemu-nbd: cannot serve");
    }

    private record Run(int code, String err) {}

    /** {@code pilotlight replicate} of the image in a child JVM with PATH = {@link #bin} only. */
    private Run replicate() throws IOException, InterruptedException {
        Path err = dir.resolve("err.txt");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "replicate", "--repo",
                repository.toString(), "--disk", "d1", "--source", "qemu:" + image)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile());
        builder.environment().put("PATH", bin.toString());
        builder.environment().remove("PILOTLIGHT_REPO");
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("pilotlight replicate did not finish in 120 s: " + Files.readString(err));
        }
        return new Run(process.exitValue(), Files.readString(err, StandardCharsets.UTF_8));
    }

    private void script(String name, String body) throws IOException {
        Path file = Files.writeString(bin.resolve(name), "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    }

    private static Path onPath(String program) {
        return Stream.of(System.getenv("PATH").split(":")).map(directory -> Path.of(directory, program))
                .filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new AssertionError(program + " is not on PATH " + System.getenv("PATH")));
    }
}
