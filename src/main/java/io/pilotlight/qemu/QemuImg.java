package io.pilotlight.qemu;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pilotlight.exec.Command;
import io.pilotlight.exec.ProcessRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@code qemu-img} commands run on one image: {@code info}, {@code create}, and the persistent dirty
 * bitmap operations of {@code qemu-img bitmap}. Each command is bounded in time and runs through {@link
 * ProcessRunner}: a missing qemu-img is a {@link io.pilotlight.exec.ToolMissingException} saying how to
 * install it, a failing one a {@link io.pilotlight.exec.ToolFailedException} naming the image, the
 * command and the tail of qemu-img's stderr.
 */
public final class QemuImg {
    /** The program run unless another is named. */
    public static final String PROGRAM = "qemu-img";
    /** How to get qemu-img, for the message when it is missing. */
    public static final String INSTALL = "install qemu-utils (Debian/Ubuntu: apt-get install qemu-utils;"
            + " Fedora/RHEL: dnf install qemu-img)";

    /** A persistent dirty bitmap of the image and its flags ({@code auto} = enabled, {@code in-use}). */
    public record Bitmap(String name, Set<String> flags) {
        public Bitmap {
            requireNonNull(name, "name is null");
            flags = Set.copyOf(requireNonNull(flags, "flags is null"));
        }

        public boolean inUse() {
            return flags.contains("in-use");
        }

        public boolean enabled() {
            return flags.contains("auto");
        }
    }

    /** What {@code qemu-img info} says of the image. */
    public record Info(long virtualSize, String format, List<Bitmap> bitmaps) {
        public Info {
            requireNonNull(format, "format is null");
            bitmaps = List.copyOf(requireNonNull(bitmaps, "bitmaps is null"));
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int TAIL_LINES = 5;

    private final String program;
    private final Path image;

    /** {@code qemu-img} (looked up on PATH) on {@code image}. */
    public QemuImg(Path image) {
        this(PROGRAM, image);
    }

    /** {@code program} (a name looked up on PATH, or a path) on {@code image}. */
    public QemuImg(String program, Path image) {
        this.program = requireNonNull(program, "program is null");
        this.image = requireNonNull(image, "image is null");
    }

    public Info info() throws IOException {
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
        return new Info(root.get("virtual-size").asLong(), format, bitmaps);
    }

    /** Creates the image: empty, of {@code format} and {@code size} bytes, with no backing file in its header. */
    public void create(String format, long size) throws IOException {
        run("create", "-q", "-f", format, image.toString(), Long.toString(size));
    }

    /**
     * Creates the image as a qcow2 overlay on {@code backing} (of {@code backingFormat}): reads fall
     * through to the backing file, writes stay in the overlay, the backing file is never written.
     */
    public void createOverlay(Path backing, String backingFormat) throws IOException {
        run("create", "-q", "-f", "qcow2", "-b", backing.toAbsolutePath().toString(), "-F", backingFormat,
                image.toString());
    }

    /**
     * Bytes of data the image itself holds, not its backing chain: for an overlay, what was written
     * to it (at cluster granularity). Read with {@code -U}, so it works while a VM has the image open.
     */
    public long ownDataBytes() throws IOException {
        long bytes = 0;
        for (JsonNode extent : JSON.readTree(run("map", "-U", "--output=json", image.toString()))) {
            if (extent.path("depth").asInt(-1) == 0 && extent.path("data").asBoolean(false)) {
                bytes += extent.path("length").asLong();
            }
        }
        return bytes;
    }

    /** Adds an enabled persistent bitmap. */
    public void add(String bitmap) throws IOException {
        run("bitmap", "--add", "--enable", "-f", "qcow2", image.toString(), bitmap);
    }

    public void remove(String bitmap) throws IOException {
        run("bitmap", "--remove", "-f", "qcow2", image.toString(), bitmap);
    }

    public void enable(String bitmap) throws IOException {
        run("bitmap", "--enable", "-f", "qcow2", image.toString(), bitmap);
    }

    public void disable(String bitmap) throws IOException {
        run("bitmap", "--disable", "-f", "qcow2", image.toString(), bitmap);
    }

    /** Sets in {@code target} every bit set in {@code source} (both bitmaps of this image). */
    public void merge(String source, String target) throws IOException {
        run("bitmap", "--merge", source, "-f", "qcow2", image.toString(), target);
    }

    private String run(String... arguments) throws IOException {
        Command command = Command.of(program, arguments).withTimeout(TIMEOUT).withTailLines(TAIL_LINES)
                .withInstall("a qemu image needs qemu-img: " + INSTALL);
        return ProcessRunner.run(command.withLabel("image " + image + ": '" + command.commandLine() + "'"));
    }
}
