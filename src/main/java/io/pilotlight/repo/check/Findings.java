package io.pilotlight.repo.check;

import io.pilotlight.repo.Hash;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one {@code verify} has found so far: the faults in the order found, the points they make
 * unrestorable, and which points use each pack (so a fault of a whole pack can name what it harms).
 */
final class Findings {
    private final List<String> faults = new ArrayList<>();
    private final Set<String> harmed = new TreeSet<>();
    private final Map<String, Set<String>> packUsers = new HashMap<>();
    /** Blobs found bad by reading packs, with why; those no point names are reported at the end. */
    private final Map<Hash, String> badBlobs = new HashMap<>();
    private final Set<Hash> reported = new java.util.HashSet<>();

    void fault(String message) {
        faults.add(message);
    }

    /** A fault that makes {@code point} ({@code <disk>/<id>} or {@code group <group>/<id>}) unrestorable. */
    void harms(String point, String message) {
        faults.add(message);
        harmed.add(point);
    }

    void uses(String point, String packKey) {
        packUsers.computeIfAbsent(packKey, k -> new TreeSet<>()).add(point);
    }

    void badBlob(Hash blob, String message) {
        badBlobs.putIfAbsent(blob, message);
    }

    Optional<String> badBlob(Hash blob) {
        String message = badBlobs.get(blob);
        if (message != null) {
            reported.add(blob);
        }
        return Optional.ofNullable(message);
    }

    void reported(Hash blob) {
        reported.add(blob);
    }

    /** The points using {@code packKey}, for a message: {@code "harms points a/1, b/2"} or that none does. */
    String harmOf(String packKey) {
        Set<String> users = packUsers.getOrDefault(packKey, Set.of());
        return users.isEmpty() ? "no point uses it" : "used by points " + String.join(", ", users);
    }

    /** Reports bad blobs no point named. */
    void finishBlobs() {
        badBlobs.forEach((blob, message) -> {
            if (!reported.contains(blob)) {
                faults.add("unreferenced " + message);
            }
        });
    }

    List<String> faults() {
        return faults;
    }

    List<String> harmed() {
        return List.copyOf(harmed);
    }
}
