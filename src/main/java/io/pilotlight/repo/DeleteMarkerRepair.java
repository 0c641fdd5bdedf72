package io.pilotlight.repo;

import io.pilotlight.store.DeleteMarker;
import io.pilotlight.store.ObjectStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code repair delete-markers} (docs/design.md §21.3): in a versioned (Object Lock) bucket, a
 * DeleteObject by whoever holds delete rights hides an object behind a delete marker even while its
 * version is locked. This removes every marker over an object a point needs (config, packs,
 * manifests, group points) whose hidden version is still locked, so the locked version is current
 * again. pilotlight itself never deletes a locked object (§21.3), so such a marker is not its own; a
 * marker over an unlocked version (a forget or prune, or a lock that ended) is left alone. Key files
 * are the exception: {@code key remove} and {@code key passwd} hide a locked key file on purpose
 * (§20.2), so a marker over one is named and left, unless the caller asks for key files too (every
 * key hidden by someone else: the repository cannot be opened until they are back). Works on
 * the store itself: a hidden config leaves no repository to open. Needs {@code s3:ListBucketVersions}
 * and {@code s3:DeleteObjectVersion}, an administrator's permissions (docs/s3.md).
 */
public final class DeleteMarkerRepair {
    /** What was (or would be) removed, and the markers left alone. */
    public record Result(boolean dryRun, List<String> actions, int removed, int leftAlone) {
        public Result {
            actions = List.copyOf(actions);
        }
    }

    private static final List<String> RETAINED_PREFIXES = List.of(RepositoryLayout.CONFIG, RepositoryLayout.KEYS,
            RepositoryLayout.PACKS, RepositoryLayout.POINTS, RepositoryLayout.GROUPS);

    private DeleteMarkerRepair() {}

    public static Result run(ObjectStore store, Clock clock, boolean dryRun) throws IOException {
        return run(store, clock, dryRun, false);
    }

    /** As {@link #run(ObjectStore, Clock, boolean)}; with {@code keys}, markers over locked key files go too. */
    public static Result run(ObjectStore store, Clock clock, boolean dryRun, boolean keys) throws IOException {
        Instant now = clock.instant();
        List<String> actions = new ArrayList<>();
        int removed = 0;
        int leftAlone = 0;
        for (String prefix : RETAINED_PREFIXES) {
            for (DeleteMarker marker : store.deleteMarkers(prefix)) {
                if (!RepositoryLayout.retained(marker.key())) {
                    continue; // "config" as a prefix also finds e.g. config-old
                }
                boolean locked = marker.hiddenRetention().map(retention -> retention.lockedAt(now)).orElse(false);
                if (!locked) {
                    leftAlone++;
                    continue;
                }
                if (!keys && marker.key().startsWith(RepositoryLayout.KEYS)) {
                    actions.add("delete marker " + marker.markerVersion() + " over key file " + marker.key() + " left:"
                            + " its version " + marker.hiddenVersion().orElseThrow() + " is locked until "
                            + marker.hiddenRetention().orElseThrow().until() + "; key remove and key passwd hide a key"
                            + " this way on purpose (if this key was not removed on purpose, --keys brings it back)");
                    continue;
                }
                if (!dryRun) {
                    store.removeDeleteMarker(marker);
                }
                removed++;
                actions.add("delete marker over " + marker.key() + " removed: its version " + marker.hiddenVersion()
                        .orElseThrow() + " is locked until " + marker.hiddenRetention().orElseThrow().until()
                        + " and is current again");
            }
        }
        if (leftAlone > 0) {
            actions.add(leftAlone + " delete marker(s) over unlocked versions left alone (a forget or prune, or a lock"
                    + " that has ended)");
        }
        return new Result(dryRun, actions, removed, leftAlone);
    }
}
