package io.pilotlight.source.qemu;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The {@code qemu-img} commands a {@code qemu:} source runs on one offline qcow2 image: {@code info}
 * and the persistent dirty bitmap operations of {@code qemu-img bitmap}. Each command is bounded in
 * time; a failure is an {@link IOException} naming the image, the command and qemu-img's stderr.
 */
final class QemuImg {
    /** A persistent dirty bitmap of the image and its flags ({@code auto} = enabled, {@code in-use}). */
    record Bitmap(String name, Set<String> flags) {
        boolean inUse() {
            return flags.contains("in-use");
        }

        boolean enabled() {
            return flags.contains("auto");
        }
    }

    /** What {@code qemu-img info} says of the image. */
    record Info(long virtualSize, String format, List<Bitmap> bitmaps) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Path image;

    QemuImg(Path image) {
        this.image = requireNonNull(image, "image is null");
    }

    Info info() throws IOException {
        String out = run("info", "--output=json", image.toString());
        JsonNode root = JSON.readTree(out);
        String format = root.path("format").asText("");
        List<Bitmap> bitmaps = new ArrayList<>();
        for (JsonNode bitmap : root.path("format-specific").path("data").path("bitmaps")) {
            List<String> flags = new ArrayList<>();
            bitmap.path("flags").forEach(flag -> flags.add(flag.asText()));
            bitmaps.add(new Bitmap(bitmap.path("name").asText(), Set.copyOf(flags)));
        }
        if (!root.has("virtual-size")) {
            throw new IOException("image " + image + ": qemu-img info gave no virtual-size: " + out);
        }
        return new Info(root.get("virtual-size").asLong(), format, List.copyOf(bitmaps));
    }

    /** Adds an enabled persistent bitmap. */
    void add(String bitmap) throws IOException {
        run("bitmap", "--add", "--enable", "-f", "qcow2", image.toString(), bitmap);
    }

    void remove(String bitmap) throws IOException {
        run("bitmap", "--remove", "-f", "qcow2", image.toString(), bitmap);
    }

    void enable(String bitmap) throws IOException {
        run("bitmap", "--enable", "-f", "qcow2", image.toString(), bitmap);
    }

    void disable(String bitmap) throws IOException {
        run("bitmap", "--disable", "-f", "qcow2", image.toString(), bitmap);
    }

    /** Sets in {@code target} every bit set in {@code source} (both bitmaps of this image). */
    void merge(String source, String target) throws IOException {
        run("bitmap", "--merge", source, "-f", "qcow2", image.toString(), target);
    }

    private String run(String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of("qemu-img"));
        command.addAll(List.of(arguments));
        Path stdout = Files.createTempFile("pilotlight-qemu-img", ".out");
        Path stderr = Files.createTempFile("pilotlight-qemu-img", ".err");
        Process process = null;
        try {
            try {
                process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            } catch (IOException e) {
                throw new IOException("image " + image + ": cannot run qemu-img (is qemu-utils installed?): "
                        + e.getMessage(), e);
            }
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("image " + image + ": '" + String.join(" ", command) + "' took longer than "
                        + TIMEOUT.toSeconds() + " s; stopped");
            }
            if (process.exitValue() != 0) {
                throw new IOException("image " + image + ": '" + String.join(" ", command) + "' failed (exit "
                        + process.exitValue() + "): " + Files.readString(stderr, StandardCharsets.UTF_8).strip());
            }
            return Files.readString(stdout, StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("image " + image + ": interrupted while running qemu-img");
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }
}
