package io.pilotlight.source;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A change set that covers the whole disk: what a source reports when it tracks no changes, or
 * when its tracking was lost. Correct in every case, because the pipeline hashes each grain and
 * stores only the ones that differ from the parent point.
 */
public record FullPass(long diskSize, Optional<String> nextToken, List<String> warnings) implements ChangeSet {
    public FullPass {
        if (diskSize < 0) {
            throw new IllegalArgumentException("full pass: disk size " + diskSize + " is negative");
        }
        requireNonNull(nextToken, "nextToken is null");
        warnings = List.copyOf(requireNonNull(warnings, "warnings is null"));
    }

    /** One extent over the whole disk; none for an empty disk. */
    @Override
    public List<Extent> changed() {
        return diskSize == 0 ? List.of() : List.of(new Extent(0, diskSize));
    }

    @Override
    public boolean fullPass() {
        return true;
    }
}
