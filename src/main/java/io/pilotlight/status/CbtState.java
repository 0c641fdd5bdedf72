package io.pilotlight.status;

import static java.util.Objects.requireNonNull;

/**
 * What the newest point says of change tracking: {@code tracking} (only changes were read), or not,
 * with why in plain words (a first full read, a source without change tracking, or a fall back to a
 * full read because tracking was lost, with the source's reason).
 */
public record CbtState(boolean tracking, boolean fellBack, String text) {
    public CbtState {
        requireNonNull(text, "text is null");
        if (tracking && fellBack) {
            throw new IllegalArgumentException("change tracking cannot both track and have fallen back: " + text);
        }
    }
}
