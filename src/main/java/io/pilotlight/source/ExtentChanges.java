package io.pilotlight.source;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/** A change set given by its extents, with nothing to do on commit or abort. */
public record ExtentChanges(List<Extent> changed, List<Extent> knownZero, boolean fullPass, Optional<String> nextToken,
        List<String> warnings) implements ChangeSet {
    public ExtentChanges {
        changed = List.copyOf(requireNonNull(changed, "changed is null"));
        knownZero = List.copyOf(requireNonNull(knownZero, "knownZero is null"));
        requireNonNull(nextToken, "nextToken is null");
        warnings = List.copyOf(requireNonNull(warnings, "warnings is null"));
    }

    /** The whole disk, with the zero regions the source knows of. */
    public static ExtentChanges full(long diskSize, List<Extent> knownZero, Optional<String> nextToken,
            List<String> warnings) {
        return new ExtentChanges(new FullPass(diskSize, nextToken, warnings).changed(), knownZero, true, nextToken,
                warnings);
    }
}
