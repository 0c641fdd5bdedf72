package io.pilotlight.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pilotlight.progress.ProgressListener;
import io.pilotlight.recovery.restore.Restorer;
import io.pilotlight.replicate.ReplicateOptions;
import io.pilotlight.replicate.Replicator;
import io.pilotlight.repo.PointInfo;
import io.pilotlight.repo.Repository;
import io.pilotlight.source.qemu.QemuImageSource;
import io.pilotlight.store.DirectoryObjectStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A qcow2 image written with {@code qemu-io}, a directory repository, and the raw reference copies
 * ({@code qemu-img convert -O raw}) the restore points must equal. Runs the real tools.
 */
public final class QemuFixture {
    public static final int GRAIN = 65536;
    public static final String DISK = "vm";

    final Path dir;
    public final Path image;
    final Repository repository;
    public final Replicator replicator;
    public final Map<String, Path> references = new HashMap<>();

    public QemuFixture(Path dir, long size) throws Exception {
        this.dir = dir;
        this.image = dir.resolve("disk.qcow2");
        run("qemu-img", "create", "-q", "-f", "qcow2", image.toString(), Long.toString(size));
        this.repository = Repository.init(new DirectoryObjectStore(dir.resolve("repo")), GRAIN);
        this.replicator = new Replicator(repository, ReplicateOptions.defaults(), ProgressListener.NONE);
    }

    public String uri() {
        return "qemu:" + image;
    }

    /** Runs qemu-io commands such as {@code write -P 7 0 64k} on the image. */
    public void write(String... commands) throws Exception {
        List<String> command = new ArrayList<>(List.of("qemu-io", "-f", "qcow2"));
        for (String c : commands) {
            command.addAll(List.of("-c", c));
        }
        command.add(image.toString());
        run(command.toArray(String[]::new));
    }

    /** Replicates through a {@link QemuImageSource}, then keeps a raw copy of the image as it was. */
    public PointInfo replicate() throws Exception {
        PointInfo point;
        try (QemuImageSource source = QemuImageSource.open(uri(), image)) {
            point = replicator.replicate(DISK, source);
        }
        keepReference(point.id());
        return point;
    }

    public void keepReference(String pointId) throws Exception {
        Path raw = dir.resolve("reference-" + references.size() + ".raw");
        run("qemu-img", "convert", "-f", "qcow2", "-O", "raw", image.toString(), raw.toString());
        references.put(pointId, raw);
    }

    /** Every point kept restores to its reference copy, byte for byte. */
    public void assertRestoresExactly() throws Exception {
        Restorer restorer = new Restorer(repository, ProgressListener.NONE);
        for (Map.Entry<String, Path> entry : references.entrySet()) {
            Path restored = dir.resolve("restored-" + entry.getKey());
            restorer.restore(DISK, entry.getKey(), restored, false);
            assertThat(Files.mismatch(restored, entry.getValue())).as("point %s", entry.getKey()).isEqualTo(-1);
            Files.delete(restored);
        }
    }

    /** The image's bitmaps, name to flags. */
    public Map<String, List<String>> bitmaps() throws Exception {
        // -U (force share): also readable while a writer holds the image; qemu-img may then print a
        // warning line (stderr, merged here) before the JSON: read from the JSON's first line
        String info = run("qemu-img", "info", "-U", "--output=json", image.toString());
        int json = info.startsWith("{") ? 0 : info.indexOf("\n{") + 1;
        if (json == 0 && !info.startsWith("{")) {
            throw new AssertionError("qemu-img info of " + image + " gave no JSON: " + info);
        }
        info = info.substring(json);
        JsonNode root = new ObjectMapper().readTree(info);
        Map<String, List<String>> bitmaps = new HashMap<>();
        for (JsonNode bitmap : root.path("format-specific").path("data").path("bitmaps")) {
            List<String> flags = new ArrayList<>();
            bitmap.path("flags").forEach(flag -> flags.add(flag.asText()));
            bitmaps.put(bitmap.path("name").asText(), flags);
        }
        return bitmaps;
    }

    /** The change token of the latest point. */
    public String latestToken() throws IOException {
        return repository.latest(DISK).orElseThrow().token();
    }

    public static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("%s: %s", String.join(" ", command), text).isZero();
        return text;
    }
}
