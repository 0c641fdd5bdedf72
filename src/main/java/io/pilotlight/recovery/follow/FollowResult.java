package io.pilotlight.recovery.follow;

import java.nio.file.Path;

/**
 * What one follow run did: the point the image held before ({@code null} for a first, full
 * restore), the point it holds now, and what was written. {@code zeroGrains} became zero: punched as
 * holes where the file system allows, else written as zeros (a warning says so); they are included
 * in {@code grainsWritten} but not in {@code dataBytes}. {@code verified}: the whole image digest
 * was recomputed and matched; {@code grainsSampled}: that many random grains were checked instead.
 * {@code pointCreated} is when the point was taken, and {@code pointAgeMillis} how old its data was
 * when the image came to hold it: the recovery point age of this pilot light, for monitoring.
 * {@code imageChanged}: something else had written the image since the follower left it, so every
 * grain was compared with the point and those that differed rewritten. {@code forgottenPoint}: the
 * point the image held (or one an interrupted apply may have left grains of) was forgotten since
 * (null otherwise), so there was no manifest to diff with
 * and every grain was compared with the point in the same way.
 */
public record FollowResult(Path image, String disk, String fromPoint, String point, boolean fullRestore,
        long grainsWritten, long dataBytes, long zeroGrains, int segmentsSkipped, boolean verified,
        int grainsSampled, long durationMillis, String pointCreated, long pointAgeMillis, boolean imageChanged,
        String forgottenPoint) {

    /** Whether the image already held the point and nothing was written. */
    public boolean upToDate() {
        return !fullRestore && point.equals(fromPoint) && grainsWritten == 0;
    }

    /** Whether every grain of the image was compared with the point (changed image, or held point forgotten). */
    public boolean comparedInFull() {
        return imageChanged || forgottenPoint != null;
    }
}
