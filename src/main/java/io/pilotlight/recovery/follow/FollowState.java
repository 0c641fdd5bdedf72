package io.pilotlight.recovery.follow;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pilotlight.recovery.image.TargetFile;
import io.pilotlight.repo.CorruptObjectException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a followed image holds, stored as JSON in {@code <image>.pilotlight-follow}. {@code point}
 * (with its digest and disk size) is the point the image held when last proven; {@code applying},
 * when set, names the point an apply over {@code point} started writing, and {@code mixed} the
 * points of earlier applies that were interrupted too: the image then holds any mixture of all of
 * them, and the next follow writes every grain where its target differs from any. {@code point}
 * is null while the first full restore is under way. {@code imageStamp} identifies the image file as
 * the follower left it (inode, change time, size; see {@link #stampOf}): a different stamp means
 * something else wrote the image since (a VM booted from it), and the next follow compares every
 * grain instead of trusting {@code point}. Format 2 added {@code mixed} and {@code imageStamp};
 * format 1 files (without them) are read.
 */
public record FollowState(int format, String repository, String disk, String point, String digest, long diskSize,
        String applying, List<String> mixed, String imageStamp) {
    static final int FORMAT = 2;
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public FollowState {
        requireNonNull(repository, "repository is null");
        requireNonNull(disk, "disk is null");
        if (point == null && applying == null) {
            throw new IllegalArgumentException("follow state of " + disk + " names neither a point nor an apply");
        }
        mixed = mixed == null ? List.of() : List.copyOf(mixed);
        if (applying == null && !mixed.isEmpty()) {
            throw new IllegalArgumentException("follow state of " + disk + " names mixed points but no apply");
        }
    }

    static FollowState held(String repository, String disk, String point, String digest, long diskSize,
            String imageStamp) {
        return new FollowState(FORMAT, repository, disk, point, digest, diskSize, null, List.of(), imageStamp);
    }

    /** This state with an apply of {@code target} under way over a mixture with {@code others} too. */
    FollowState applying(String target, List<String> others) {
        return new FollowState(FORMAT, repository, disk, point, digest, diskSize, target, others, null);
    }

    /**
     * The image file's identity and last change: inode, change time (which no user call can set back)
     * and size. Writing the image in any way changes it; reading does not.
     */
    static String stampOf(Path image) throws IOException {
        try {
            Object inode = Files.getAttribute(image, "unix:ino");
            java.nio.file.attribute.FileTime changed = (java.nio.file.attribute.FileTime) Files.getAttribute(image,
                    "unix:ctime");
            return "ino " + inode + ", changed " + changed.toInstant() + ", " + Files.size(image) + " bytes";
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return null; // no unix attributes here: changes go unnoticed, as before stamps
        }
    }

    /** Whether the image is not as this state's follower left it (no stamp recorded: unknown, so no). */
    public boolean imageChangedSince(Path image) throws IOException {
        return imageStamp != null && !imageStamp.equals(stampOf(image));
    }

    /** The points besides {@code point} whose grains the image may hold: {@code mixed} and {@code applying}. */
    List<String> mixture() {
        List<String> ids = new java.util.ArrayList<>(mixed);
        if (applying != null && !ids.contains(applying)) {
            ids.add(applying);
        }
        return ids;
    }

    boolean isApplying() {
        return applying != null;
    }

    static Path pathFor(Path image) {
        return TargetFile.followStateOf(image);
    }

    /** The state a follower left beside {@code image}, if any (the daemon's status and failover read it). */
    public static Optional<FollowState> read(Path image) throws IOException {
        Path path = pathFor(image);
        if (!Files.exists(path)) {
            return Optional.empty();
        }
        try {
            FollowState state = JSON.readValue(Files.readAllBytes(path), FollowState.class);
            if (state.format() < 1 || state.format() > FORMAT) {
                throw new CorruptObjectException(path + ": follow state format " + state.format()
                        + " is not supported (this version reads 1 to " + FORMAT + ")");
            }
            return Optional.of(state);
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            throw new CorruptObjectException(path + ": not a follow state file: " + e.getMessage());
        }
    }

    /** Writes the state beside {@code image}: temp file, fsync, rename, directory fsync. */
    void write(Path image) throws IOException {
        TargetFile.replace(pathFor(image), java.nio.ByteBuffer.wrap(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this)));
    }
}
